package dev.haechi.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.correlation.CorrelationCase;
import dev.haechi.identity.findings.FindingTypes;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.IdentityDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class IdentityReconcilerGoldenTest {
  private static final Path COUPANG = Fixtures.dir("coupang");
  private static final IdentitySnapshot SNAPSHOT = IdentityDirectory.read(COUPANG);

  /** One finding as the golden file writes it: severity, type, subject in a fixed key order. */
  static String line(Finding f) {
    String subject =
        Stream.of("person", "system", "account", "secret")
            .filter(f.subject()::containsKey)
            .map(k -> k + "=" + f.subject().get(k))
            .collect(Collectors.joining(" "));
    return f.severity().label() + " " + f.type() + " " + subject;
  }

  static List<String> expected(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }

  @Test
  void coupang_directory_as_of_mid_2025_gives_exactly_the_expected_findings() throws IOException {
    ReconcileResult r =
        IdentityReconciler.reconcile(SNAPSHOT, ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)));

    assertThat(r.findings().stream().map(IdentityReconcilerGoldenTest::line).toList())
        .containsExactlyElementsOf(expected(COUPANG.resolve("expected-findings.txt")));
  }

  @Test
  void leaver_who_exported_the_token_signing_key_is_critical_with_the_export_line_as_evidence() {
    ReconcileResult r =
        IdentityReconciler.reconcile(SNAPSHOT, ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)));

    Finding f =
        r.findings().stream()
            .filter(x -> x.type().equals(FindingTypes.SECRET_CUSTODIAN_LEFT))
            .filter(x -> "token-signer".equals(x.subject().get("secret")))
            .findFirst()
            .orElseThrow();
    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(f.evidence())
        .contains(
            "vault-audit.log:4: transit/export/signing-key/token-signer by jkim at"
                + " 2023-03-14T09:12:44.501Z",
            "vault-audit.log:2: transit/keys/token-signer by jkim at 2023-02-01T05:00:00.123456Z");
    assertThat(f.evidence()).noneMatch(e -> e.startsWith("vault-audit.log:8:"));
    assertThat(f.evidence()).anyMatch(e -> e.startsWith("hr.csv:2: E1001 Jae Kim, terminated"));
    assertThat(f.title()).contains("exported", "2024-12-20", "never rotated since 2020-03-01");
    assertThat(f.remedy())
        .contains(
            "Retire token-signer",
            "rotate transit key transit/keys/token-signer and raise its min_decryption_version and"
                + " min_encryption_version to the new version, past every version up to the one"
                + " current on 2023-03-14");
  }

  @Test
  void published_signing_key_held_by_a_leaver_asks_to_retire_its_kid() {
    ReconcileResult r =
        IdentityReconciler.reconcile(SNAPSHOT, ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)));

    Finding f =
        r.findings().stream()
            .filter(x -> "gateway-jwk".equals(x.subject().get("secret")))
            .findFirst()
            .orElseThrow();
    assertThat(f.remedy())
        .contains("retire kid auth-2022-01: remove it from the gateway JWKS (jwks/gateway.json:3)");
    assertThat(f.title()).contains("gateway-jwk (kid auth-2022-01)");
  }

  @Test
  void one_inventory_row_for_the_transit_key_and_its_kid_makes_vault_custody_custody_of_the_kid()
      throws IOException {
    Path dir = Files.createTempDirectory("one-key");
    try (Stream<Path> files = Files.walk(COUPANG)) {
      for (Path f : files.toList()) {
        Path to = dir.resolve(COUPANG.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    // the transit key and the kid it publishes on one row; the inventory names only a current
    // custodian: only the Vault log (jkim's export at the transit location) reveals the leaver
    Files.writeString(
        dir.resolve("secrets.csv"),
        "secret_id,kind,system,location,created,last_rotated,max_age,custodians\n"
            + "token-signer,signing-key,gateway,transit/keys/token-signer;jwks:gateway#auth-2022-01,"
            + "2020-03-01,,,E1002\n");
    IdentitySnapshot snapshot = IdentityDirectory.read(dir);
    ReconcileResult r =
        IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)));

    Finding f =
        r.findings().stream()
            .filter(x -> x.type().equals(FindingTypes.SECRET_CUSTODIAN_LEFT))
            .filter(x -> "token-signer".equals(x.subject().get("secret")))
            .findFirst()
            .orElseThrow();
    assertThat(f.subject()).containsEntry("person", "E1001");
    assertThat(f.title()).contains("token-signer (kid auth-2022-01) was exported by leaver");
    assertThat(f.evidence())
        .contains(
            "jwks/gateway.json:3: kid auth-2022-01 (RS256) still published by gateway",
            "vault-audit.log:4: transit/export/signing-key/token-signer by jkim at"
                + " 2023-03-14T09:12:44.501Z");
    assertThat(f.remedy())
        .contains(
            "rotate transit key transit/keys/token-signer and raise its min_decryption_version",
            "retire kid auth-2022-01: remove it from the gateway JWKS");
    assertThat(r.custody())
        .filteredOn(t -> t.secret().secretId().equals("token-signer"))
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.entries()).extracting(e -> e.employeeId()).contains("E1001", "E1002"));
  }

  @Test
  void before_the_engineer_left_the_signing_key_is_only_overdue() {
    ReconcileResult r =
        IdentityReconciler.reconcile(SNAPSHOT, ReconcileOptions.asOf(LocalDate.of(2024, 6, 30)));

    assertThat(r.findings())
        .filteredOn(f -> "token-signer".equals(f.subject().get("secret")))
        .extracting(Finding::type)
        .containsExactly(FindingTypes.SECRET_OVERDUE_ROTATION);
    assertThat(r.findings())
        .noneMatch(
            f ->
                "E1001".equals(f.subject().get("person"))
                    && !f.type().equals(FindingTypes.DORMANT_ACCOUNT));
    assertThat(r.summary().leavers()).isEqualTo(1);
  }

  @Test
  void ambiguous_kiosk_account_is_a_case_until_a_decision_resolves_it() {
    LocalDate day = LocalDate.of(2025, 6, 30);
    ReconcileResult first = IdentityReconciler.reconcile(SNAPSHOT, ReconcileOptions.asOf(day));

    assertThat(first.cases())
        .extracting(CorrelationCase::accountKey, CorrelationCase::rule, CorrelationCase::candidates)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "shop:kiosk-7", "username", List.of("E1006", "E1007")));

    ReconcileResult later =
        IdentityReconciler.reconcile(
            SNAPSHOT, ReconcileOptions.asOf(day).withDecisions(Map.of("shop:kiosk-7", "E1007")));
    assertThat(later.cases()).isEmpty();
    assertThat(later.links())
        .filteredOn(l -> l.accountKey().equals("shop:kiosk-7"))
        .singleElement()
        .satisfies(l -> assertThat(l.rule()).isEqualTo("decision"))
        .satisfies(l -> assertThat(l.employeeId()).isEqualTo("E1007"));
  }

  @Test
  void summary_counts_people_accounts_links_and_findings() {
    Summary s =
        IdentityReconciler.reconcile(SNAPSHOT, ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)))
            .summary();

    assertThat(s.people()).isEqualTo(7);
    assertThat(s.leavers()).isEqualTo(2);
    assertThat(s.accountsBySystem())
        .containsExactly(Map.entry("ad", 5), Map.entry("aws", 3), Map.entry("shop", 6));
    assertThat(s.cases()).isEqualTo(1);
    assertThat(s.findingsBySeverity()).containsEntry("critical", 3).containsEntry("high", 6);
    assertThat(s.findingsByType()).containsEntry(FindingTypes.SECRET_CUSTODIAN_LEFT, 3);
    assertThat(s.secrets()).isEqualTo(4);
    assertThat(s.vaultLinesRead()).isEqualTo(10);
  }

  @Test
  void scim_directory_as_of_mid_2025_gives_exactly_the_expected_findings() throws IOException {
    Path scim = Fixtures.dir("scim");
    ReconcileResult r =
        IdentityReconciler.reconcile(
            IdentityDirectory.read(scim), ReconcileOptions.asOf(LocalDate.of(2025, 6, 30)));

    assertThat(r.findings().stream().map(IdentityReconcilerGoldenTest::line).toList())
        .containsExactlyElementsOf(expected(scim.resolve("expected-findings.txt")));
  }
}
