package dev.haechi.demo.retailer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class RetailerGeneratorTest {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final LocalDate AS_OF = LocalDate.of(2025, 11, 20);

  @TempDir static Path tmp;
  static Path dir;
  static JsonNode manifest;
  static CsvText hr;

  @BeforeAll
  static void generate() throws IOException {
    DemoOrganisations.generate(tmp, new DemoOptions(7, 0.01, Set.of("retailer")));
    dir = tmp.resolve("retailer");
    manifest = JSON.readTree(Files.readString(dir.resolve("demo.json")));
    hr = new CsvText(dir.resolve("hr.csv"));
  }

  @Test
  void headers_are_exactly_those_of_the_formats() throws IOException {
    assertThat(hr.header)
        .containsExactly(
            "employee_id",
            "email",
            "given_name",
            "family_name",
            "department",
            "title",
            "manager_id",
            "status",
            "hire_date",
            "termination_date");
    assertThat(new CsvText(dir.resolve("secrets.csv")).header)
        .containsExactly(
            "secret_id",
            "kind",
            "system",
            "location",
            "created",
            "last_rotated",
            "max_age",
            "custodians");
    assertThat(new CsvText(dir.resolve("accounts/github.csv")).header)
        .containsExactly(
            "account_id",
            "username",
            "email",
            "employee_id",
            "enabled",
            "privileged",
            "last_login",
            "created");
    assertThat(new CsvText(dir.resolve("accounts/aws-prod.aws.csv")).header)
        .containsExactly(
            "user",
            "arn",
            "user_creation_time",
            "password_enabled",
            "password_last_used",
            "password_last_changed",
            "password_next_rotation",
            "mfa_active",
            "access_key_1_active",
            "access_key_1_last_rotated",
            "access_key_1_last_used_date",
            "access_key_1_last_used_region",
            "access_key_1_last_used_service",
            "access_key_2_active",
            "access_key_2_last_rotated",
            "access_key_2_last_used_date",
            "access_key_2_last_used_region",
            "access_key_2_last_used_service",
            "cert_1_active",
            "cert_1_last_rotated",
            "cert_2_active",
            "cert_2_last_rotated");
  }

  @Test
  void there_are_at_least_twelve_systems_in_every_export_format() throws IOException {
    List<String> names;
    try (var list = Files.list(dir.resolve("accounts"))) {
      names = list.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(names).hasSizeGreaterThanOrEqualTo(12);
    assertThat(names).anyMatch(n -> n.endsWith(".ldif"));
    assertThat(names).anyMatch(n -> n.endsWith(".json"));
    assertThat(names).anyMatch(n -> n.endsWith(".aws.csv"));
    assertThat(names.stream().filter(n -> n.endsWith(".csv") && !n.endsWith(".aws.csv")))
        .hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void roster_is_consistent_every_manager_exists_and_only_leavers_have_termination_dates() {
    Set<String> ids = hr.rows.stream().map(r -> r.get("employee_id")).collect(Collectors.toSet());
    assertThat(hr.rows).hasSize(manifest.at("/counts/employees").asInt());
    for (Map<String, String> r : hr.rows) {
      assertThat(r.get("status")).isIn("active", "leave", "terminated");
      assertThat(r.get("termination_date").isEmpty())
          .isEqualTo(!r.get("status").equals("terminated"));
      if (!r.get("manager_id").isEmpty()) {
        assertThat(ids).contains(r.get("manager_id"));
        assertThat(r.get("manager_id")).isNotEqualTo(r.get("employee_id"));
      }
      if (!r.get("termination_date").isEmpty()) {
        LocalDate left = LocalDate.parse(r.get("termination_date"));
        assertThat(left).isBetween(LocalDate.of(2022, 11, 1), LocalDate.of(2025, 11, 14));
        assertThat(left).isAfter(LocalDate.parse(r.get("hire_date")));
      }
    }
    long joiners =
        hr.rows.stream()
            .filter(r -> !LocalDate.parse(r.get("hire_date")).isBefore(LocalDate.of(2022, 11, 1)))
            .count();
    assertThat(joiners).isGreaterThan(hr.rows.size() / 4);
  }

  @Test
  void the_key_leaver_joined_in_november_2022_and_left_on_13_december_2024() {
    String id = manifest.at("/planted/keyLeaver/employeeId").asString();
    Map<String, String> row =
        hr.rows.stream().filter(r -> r.get("employee_id").equals(id)).findFirst().orElseThrow();
    assertThat(row.get("email")).isEqualTo("jkim@retailer.example");
    assertThat(row.get("status")).isEqualTo("terminated");
    assertThat(row.get("hire_date")).isEqualTo("2022-11-07");
    assertThat(row.get("termination_date")).isEqualTo("2024-12-13");
    assertThat(row.get("title")).contains("Key Management");
  }

  @Test
  void the_signing_key_is_listed_unrotated_since_2020_and_tied_to_its_published_kid()
      throws IOException {
    List<Map<String, String>> secrets = new CsvText(dir.resolve("secrets.csv")).rows;
    Map<String, String> key =
        secrets.stream()
            .filter(
                r ->
                    r.get("secret_id")
                        .equals(manifest.at("/planted/signingKey/secretId").asString()))
            .findFirst()
            .orElseThrow();
    assertThat(key)
        .containsEntry("kind", "signing-key")
        .containsEntry("location", "transit/keys/token-signer;jwks:gateway#auth-2022-01")
        .containsEntry("created", "2020-03-02")
        .containsEntry("last_rotated", "2020-03-02")
        .containsEntry("max_age", "3650d");
    assertThat(secrets.stream().map(r -> r.get("secret_id")).distinct()).hasSize(secrets.size());

    JsonNode jwks = JSON.readTree(Files.readString(dir.resolve("jwks/gateway.json")));
    List<String> kids = new ArrayList<>();
    jwks.get("keys").forEach(k -> kids.add(k.get("kid").asString()));
    assertThat(kids)
        .containsExactly(
            manifest.at("/events/keys/active/0").asString(),
            manifest.at("/planted/signingKey/kid").asString());
  }

  @Test
  void every_other_secret_is_within_its_policy_and_held_by_current_employees() throws IOException {
    Set<String> active =
        hr.rows.stream()
            .filter(r -> r.get("status").equals("active"))
            .map(r -> r.get("employee_id"))
            .collect(Collectors.toSet());
    for (Map<String, String> s : new CsvText(dir.resolve("secrets.csv")).rows) {
      assertThat(active).containsAll(List.of(s.get("custodians").split(";")));
      if (s.get("secret_id").startsWith("gateway-token-signer")) {
        continue;
      }
      String maxAge = s.get("max_age");
      int days =
          maxAge.isEmpty()
              ? (s.get("kind").equals("signing-key") ? 365 : 90)
              : Integer.parseInt(maxAge.replace("d", ""));
      assertThat(LocalDate.parse(s.get("last_rotated"))).isAfter(AS_OF.minusDays(days));
    }
  }

  @Test
  void vault_log_shows_the_leaver_exporting_the_key_before_leaving() throws IOException {
    List<JsonNode> jkim = new ArrayList<>();
    List<Instant> requestTimes = new ArrayList<>();
    Set<String> types = new HashSet<>();
    for (String line : Files.readAllLines(dir.resolve("vault-audit.log"), StandardCharsets.UTF_8)) {
      JsonNode e = JSON.readTree(line);
      types.add(e.get("type").asString());
      assertThat(e.at("/auth/client_token").asString()).startsWith("hmac-sha256:");
      if (e.get("type").asString().equals("request")) {
        requestTimes.add(Instant.parse(e.get("time").asString()));
        if (e.at("/auth/metadata/username").asString().equals("jkim")) {
          jkim.add(e);
        }
      }
    }
    assertThat(types).containsExactlyInAnyOrder("request", "response");
    assertThat(requestTimes).isSorted();
    List<String> exports =
        jkim.stream()
            .filter(
                e ->
                    e.at("/request/path")
                        .asString()
                        .equals("transit/export/signing-key/token-signer"))
            .map(e -> e.get("time").asString())
            .toList();
    List<String> expected = new ArrayList<>();
    manifest.at("/planted/keyLeaver/keyExports").forEach(t -> expected.add(t.asString()));
    assertThat(exports).isEqualTo(expected).hasSize(2);
    assertThat(jkim)
        .allSatisfy(e -> assertThat(e.at("/auth/display_name").asString()).isEqualTo("oidc-jkim"))
        .allSatisfy(
            e ->
                assertThat(Instant.parse(e.get("time").asString()))
                    .isBefore(Instant.parse("2024-12-13T15:00:00Z")))
        .anySatisfy(
            e ->
                assertThat(e.at("/request/path").asString())
                    .isEqualTo("transit/keys/token-signer"));
  }

  @Test
  void planted_account_counts_are_exactly_what_a_naive_reader_finds() throws IOException {
    NaiveReconciliation seen = new NaiveReconciliation(dir);

    List<NaiveReconciliation.Seen> leavers = seen.leaversEnabled();
    assertThat(leavers).hasSize(manifest.at("/planted/leaverEnabledAccounts/count").asInt());
    Set<String> listed = new HashSet<>();
    manifest
        .at("/planted/leaverEnabledAccounts/accounts")
        .forEach(a -> listed.add(a.get("system").asString() + "|" + a.get("accountId").asString()));
    assertThat(leavers.stream().map(a -> a.system() + "|" + a.id()))
        .containsExactlyInAnyOrderElementsOf(listed);

    assertThat(seen.orphans()).hasSize(manifest.at("/planted/orphanAccounts/count").asInt());
    assertThat(seen.dormantPrivileged(AS_OF, 90))
        .hasSize(manifest.at("/planted/dormantPrivilegedAccounts/count").asInt());
    assertThat(seen.dormantPrivileged(AS_OF, 30)).hasSameSizeAs(seen.dormantPrivileged(AS_OF, 180));
    assertThat(leavers).isNotEmpty();
    assertThat(seen.orphans()).isNotEmpty();
  }

  @Test
  void the_directory_export_marks_domain_admins_and_uses_filetime_logons() throws IOException {
    String ldif = Files.readString(dir.resolve("accounts/corp-ad.ldif"));
    assertThat(ldif).startsWith("version: 1\n");
    assertThat(ldif).contains("memberOf: CN=Domain Admins,CN=Users,DC=corp,DC=retailer,DC=example");
    assertThat(ldif).contains("userAccountControl: 514").contains("userAccountControl: 512");
    assertThat(ldif).containsPattern("lastLogonTimestamp: 13\\d{16}\n");
  }

  @Test
  void the_idp_export_is_a_scim_list_response_with_enterprise_employee_numbers()
      throws IOException {
    JsonNode doc = JSON.readTree(Files.readString(dir.resolve("accounts/idp.json")));
    assertThat(doc.get("schemas").get(0).asString())
        .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    assertThat(doc.get("totalResults").asInt()).isEqualTo(doc.get("Resources").size());
    JsonNode first = doc.get("Resources").get(0);
    assertThat(
            first
                .at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber")
                .asString())
        .startsWith("E");
    assertThat(first.at("/meta/created").asString()).endsWith("Z");
  }
}
