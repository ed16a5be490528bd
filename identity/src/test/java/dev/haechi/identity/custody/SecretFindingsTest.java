package dev.haechi.identity.custody;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.findings.FindingTypes;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.SecretKind;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.model.VaultAccess;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretFindingsTest {
  static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);
  static final Person JKIM =
      new Person(
          "E1",
          "jkim@x.example",
          null,
          "Jae",
          "Kim",
          null,
          null,
          null,
          PersonStatus.TERMINATED,
          LocalDate.of(2022, 11, 7),
          LocalDate.of(2024, 12, 20),
          Map.of(),
          new SourceRef("hr.csv", 2));
  static final Person SLEE =
      new Person(
          "E2",
          "slee@x.example",
          null,
          "Sora",
          "Lee",
          null,
          null,
          null,
          PersonStatus.ACTIVE,
          null,
          null,
          Map.of(),
          new SourceRef("hr.csv", 3));

  static Secret secret(SecretKind kind, String created, String rotated, List<String> custodians) {
    return new Secret(
        "k",
        kind,
        "gw",
        "transit/keys/k",
        Instant.parse(created + "T00:00:00Z"),
        rotated == null ? null : Instant.parse(rotated + "T00:00:00Z"),
        null,
        custodians,
        null,
        true,
        new SourceRef("secrets.csv", 2));
  }

  static VaultAccess export(String who, String time, long line) {
    return new VaultAccess(
        Instant.parse(time),
        who,
        "read",
        "transit/export/signing-key/k",
        "transit/keys/k",
        true,
        new SourceRef("vault-audit.log", line));
  }

  static ReconcileResult reconcile(Secret s, List<VaultAccess> vault) {
    return IdentityReconciler.reconcile(
        new IdentitySnapshot(List.of(JKIM, SLEE), List.of(), List.of(s), vault, List.of(), 0),
        ReconcileOptions.asOf(AS_OF));
  }

  static List<Finding> left(ReconcileResult r) {
    return r.findings().stream()
        .filter(f -> f.type().equals(FindingTypes.SECRET_CUSTODIAN_LEFT))
        .toList();
  }

  @Test
  void inventory_custodian_who_left_before_the_last_rotation_is_not_a_finding() {
    assertThat(
            left(
                reconcile(
                    secret(SecretKind.API_KEY, "2024-01-01", "2025-01-05", List.of("E1")),
                    List.of())))
        .isEmpty();
  }

  @Test
  void inventory_custodian_who_left_after_the_last_rotation_is_high_for_an_api_key() {
    assertThat(
            left(
                reconcile(
                    secret(SecretKind.API_KEY, "2024-01-01", "2024-12-01", List.of("E1")),
                    List.of())))
        .extracting(Finding::severity)
        .containsExactly(Severity.HIGH);
  }

  @Test
  void vault_exporter_who_left_makes_a_never_rotated_signing_key_critical() {
    ReconcileResult r =
        reconcile(
            secret(SecretKind.SIGNING_KEY, "2020-03-01", null, List.of("E2")),
            List.of(export("jkim", "2023-03-14T09:12:44Z", 77)));
    assertThat(left(r))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.subject()).containsEntry("person", "E1").containsEntry("secret", "k");
              assertThat(f.evidence())
                  .contains(
                      "vault-audit.log:77: transit/export/signing-key/k by jkim at 2023-03-14T09:12:44Z");
            });
  }

  @Test
  void rotation_after_the_exporters_last_request_takes_their_copy_away() {
    assertThat(
            left(
                reconcile(
                    secret(SecretKind.SIGNING_KEY, "2020-03-01", "2024-01-01", List.of()),
                    List.of(export("jkim", "2023-03-14T09:12:44Z", 5)))))
        .isEmpty();
  }

  @Test
  void export_after_leaving_still_counts_even_if_the_key_was_rotated_at_leaving() {
    assertThat(
            left(
                reconcile(
                    secret(SecretKind.SIGNING_KEY, "2020-03-01", "2024-12-21", List.of()),
                    List.of(export("jkim", "2025-01-10T00:00:00Z", 9)))))
        .hasSize(1);
  }

  @Test
  void vault_request_after_the_as_of_time_is_not_custody_yet() {
    ReconcileResult r =
        reconcile(
            secret(SecretKind.SIGNING_KEY, "2025-03-01", null, List.of()),
            List.of(export("jkim", "2025-07-15T00:00:00Z", 9)));
    assertThat(left(r)).isEmpty();
    assertThat(r.custody().get(0).entries()).isEmpty();
  }

  @Test
  void vault_user_known_to_nobody_is_listed_as_an_unresolved_custodian() {
    ReconcileResult r =
        reconcile(
            secret(SecretKind.SIGNING_KEY, "2020-03-01", null, List.of("E2")),
            List.of(export("mallory", "2023-01-01T00:00:00Z", 3)));
    assertThat(r.custody().get(0).entries())
        .extracting(CustodyEntry::name, CustodyEntry::employeeId, CustodyEntry::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("E2", "E2", CustodySource.INVENTORY),
            org.assertj.core.groups.Tuple.tuple("mallory", null, CustodySource.VAULT));
  }

  @Test
  void secret_older_than_its_policy_is_overdue_high_for_signing_keys_and_medium_otherwise() {
    assertThat(
            reconcile(
                    secret(SecretKind.SIGNING_KEY, "2024-01-01", "2024-06-01", List.of()),
                    List.of())
                .findings())
        .extracting(Finding::type, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                FindingTypes.SECRET_OVERDUE_ROTATION, Severity.HIGH));
    assertThat(
            reconcile(secret(SecretKind.SSH_KEY, "2025-03-01", null, List.of()), List.of())
                .findings())
        .extracting(Finding::severity)
        .containsExactly(Severity.MEDIUM);
    assertThat(
            reconcile(secret(SecretKind.SSH_KEY, "2025-05-01", null, List.of()), List.of())
                .findings())
        .isEmpty();
  }

  @Test
  void rotation_after_the_as_of_date_is_not_known_on_that_date() {
    assertThat(
            left(
                reconcile(
                    secret(SecretKind.SIGNING_KEY, "2020-03-01", "2025-09-01", List.of("E1")),
                    List.of())))
        .hasSize(1);
  }

  static VaultAccess read(String who, Instant time, long line) {
    return new VaultAccess(
        time,
        who,
        "read",
        "transit/decrypt/k",
        "transit/keys/k",
        false,
        new SourceRef("vault-audit.log", line));
  }

  /** Issue 17: the console folds long evidence itself, so the finding quotes every request. */
  @Test
  void every_vault_request_of_a_custodian_is_evidence_up_to_a_hundred() {
    List<VaultAccess> requests = new java.util.ArrayList<>();
    requests.add(export("jkim", "2023-03-14T09:12:44Z", 1));
    for (int i = 0; i < 17; i++) {
      requests.add(
          read("jkim", Instant.parse("2023-04-01T00:00:00Z").plusSeconds(86_400L * i), i + 2));
    }
    Finding f =
        left(reconcile(secret(SecretKind.SIGNING_KEY, "2020-03-01", null, List.of()), requests))
            .get(0);
    for (VaultAccess a : requests) {
      assertThat(f.evidence()).contains(a.evidence());
    }
    assertThat(f.evidence()).noneMatch(e -> e.contains(" more Vault requests"));
  }

  @Test
  void past_a_hundred_vault_requests_the_rest_are_counted_with_their_days() {
    List<VaultAccess> requests = new java.util.ArrayList<>();
    requests.add(export("jkim", "2023-03-14T09:12:44Z", 1));
    for (int i = 0; i < 150; i++) {
      requests.add(
          read(
              "jkim", Instant.parse("2023-04-01T10:00:00.123456Z").plusSeconds(3_600L * i), i + 2));
    }
    Finding f =
        left(reconcile(secret(SecretKind.SIGNING_KEY, "2020-03-01", null, List.of()), requests))
            .get(0);
    assertThat(f.evidence().stream().filter(e -> e.startsWith("vault-audit.log:"))).hasSize(100);
    // the copy of the key material is among the quoted lines
    assertThat(f.evidence()).contains(requests.get(0).evidence());
    assertThat(f.evidence())
        .contains(
            "… and 51 more Vault requests by jkim between 2023-03-14 and 2023-04-07 (the evidence"
                + " quotes 100 per person)");
  }
}
