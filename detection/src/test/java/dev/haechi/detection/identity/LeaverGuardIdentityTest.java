package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An identity directory (FORMATS.md §1.4) and a member file turned into an identity context. */
class LeaverGuardIdentityTest {
  static final LocalDate AS_OF = LocalDate.of(2025, 11, 20);

  @TempDir Path dir;

  void write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  void organisation() throws IOException {
    write(
        "hr.csv",
        """
        employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,termination_date,countries
        E1001,jkim@retail.example,Jae,Kim,Platform,Engineer,E1002,terminated,2022-11-07,2024-12-13,KR
        E1002,slee@retail.example,Sora,Lee,Platform,Manager,,active,2019-03-04,,
        E1004,hchoi@retail.example,Hana,Choi,IT,Admin,E1002,active,2017-01-09,,KR;JP
        """);
    write(
        "accounts/shop.csv",
        """
        account_id,username,email,employee_id,enabled,privileged,last_login,created
        a1,hchoi-adm,hchoi@retail.example,E1004,true,true,2025-11-19,2020-01-01
        a2,svc-batch,,,true,false,,2020-01-01
        a3,jkim-adm,,E1001,false,false,2024-12-01,2023-01-01
        """);
    write(
        "secrets.csv",
        """
        secret_id,kind,system,location,created,last_rotated,max_age,custodians
        jwk-2022,signing-key,gateway,jwks:gateway#auth-2022-01,2022-01-15,,1825d,E1002
        jwk-2023,signing-key,gateway,jwks:gateway#auth-2023-07,2023-07-01,,1825d,E1001
        jwk-2024,signing-key,gateway,jwks:gateway#auth-2024-03,2024-03-01,2025-01-10,1825d,E1001
        jwk-2025,signing-key,gateway,jwks:gateway#auth-2025-01,2025-01-02,,1825d,E1002
        """);
    write(
        "jwks/gateway.json",
        """
        {"keys": [
          {"kty": "EC", "kid": "auth-2023-07", "crv": "P-256", "x": "AA", "y": "AA"},
          {"kty": "EC", "kid": "auth-2024-03", "crv": "P-256", "x": "AA", "y": "AA"},
          {"kty": "EC", "kid": "auth-2025-01", "crv": "P-256", "x": "AA", "y": "AA"}
        ]}
        """);
    write(
        "members.json",
        "{\"members\": {\"first\": 1000000, \"count\": 500}, \"ids\": [\"guest-1\"]}");
  }

  @Test
  void key_status_comes_from_the_jwks_the_inventory_and_leavers() throws IOException {
    organisation();
    IdentityContext c = LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of());
    Instant now = Instant.parse("2025-06-01T00:00:00Z");
    // inventory-tied but no longer published: retired
    assertThat(c.keyStatus("auth-2022-01", now)).isEqualTo(KeyStatus.RETIRED);
    // published, custodian E1001 left 2024-12-13, never rotated: custodian-left from that day
    assertThat(c.keyStatus("auth-2023-07", now)).isEqualTo(KeyStatus.CUSTODIAN_LEFT);
    assertThat(c.keyStatus("auth-2023-07", Instant.parse("2024-12-12T00:00:00Z")))
        .isEqualTo(KeyStatus.ACTIVE);
    // the leaver's key was rotated after he left: active
    assertThat(c.keyStatus("auth-2024-03", now)).isEqualTo(KeyStatus.ACTIVE);
    assertThat(c.keyStatus("auth-2025-01", now)).isEqualTo(KeyStatus.ACTIVE);
    assertThat(c.keyStatus("never-seen", now)).isEqualTo(KeyStatus.UNKNOWN);
  }

  @Test
  void explicit_key_statuses_win_over_the_files() throws IOException {
    organisation();
    IdentityContext c =
        LeaverGuardIdentity.fromDirectory(
            dir, AS_OF, Map.of("auth-2025-01", KeyStatus.CUSTODIAN_LEFT));
    assertThat(c.keyStatus("auth-2025-01", Instant.parse("2025-06-01T00:00:00Z")))
        .isEqualTo(KeyStatus.CUSTODIAN_LEFT);
  }

  @Test
  void people_accounts_members_privilege_and_countries_are_read() throws IOException {
    organisation();
    IdentityContext c = LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of());
    assertThat(c.hrStatus("jkim", LocalDate.of(2025, 1, 1))).isEqualTo(HrStatus.TERMINATED);
    assertThat(c.hrStatus("jkim@retail.example", LocalDate.of(2024, 1, 1)))
        .isEqualTo(HrStatus.ACTIVE);
    assertThat(c.hrStatus("E1002", LocalDate.of(2025, 1, 1))).isEqualTo(HrStatus.ACTIVE);
    assertThat(c.hrStatus("jkim-adm", LocalDate.of(2025, 1, 1))).isEqualTo(HrStatus.TERMINATED);
    assertThat(c.hrStatus("svc-batch", LocalDate.of(2025, 1, 1))).isEqualTo(HrStatus.UNKNOWN);
    assertThat(c.userExists("1000499")).isTrue();
    assertThat(c.userExists("1000500")).isFalse();
    assertThat(c.userExists("guest-1")).isTrue();
    assertThat(c.userExists("svc-batch")).isTrue();
    assertThat(c.privileged("hchoi-adm")).isTrue();
    assertThat(c.privileged("E1004")).isTrue();
    assertThat(c.privileged("slee")).isFalse();
    assertThat(c.countryNew("hchoi@retail.example", "JP")).isFalse();
    assertThat(c.countryNew("E1004", "CN")).isTrue();
    assertThat(c.countryNew("E1002", "CN")).isNull();
    assertThat(c.terminatedNames()).contains("e1001", "jkim@retail.example", "jkim");
    assertThat(c.terminatedNames()).doesNotContain("e1002");
  }

  @Test
  void without_a_member_file_no_id_is_said_not_to_exist() throws IOException {
    organisation();
    Files.delete(dir.resolve("members.json"));
    IdentityContext c = LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of());
    assertThat(c.userExists("1000500")).isNull();
    assertThat(c.userExists("hchoi-adm")).isTrue();
  }

  @Test
  void a_bad_member_file_is_rejected_naming_the_file() throws IOException {
    organisation();
    write("members.json", "{\"member\": {\"first\": 1, \"count\": 2}}");
    assertThatThrownBy(() -> LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("members.json")
        .hasMessageContaining("unknown member 'member'");
  }

  @Test
  void two_inventory_rows_with_the_same_system_and_dates_are_not_guessed_to_be_one_key()
      throws IOException {
    organisation();
    // issue 11 item 5: the "material twin" guess linked these two rows because they share system
    // and dates; nothing in the inventory says they are one key, so the leaver's Vault read of the
    // transit key says nothing about the published kid
    write(
        "secrets.csv",
        """
        secret_id,kind,system,location,created,last_rotated,max_age,custodians
        token-signer,signing-key,gateway,transit/keys/token-signer,2020-03-02,2020-03-02,3650d,E1002
        token-signer-jwk,signing-key,gateway,jwks:gateway#auth-2022-01,2020-03-02,2020-03-02,3650d,E1002
        other-jwk,signing-key,gateway,jwks:gateway#auth-2025-01,2025-01-02,,1825d,E1002
        """);
    write(
        "jwks/gateway.json",
        """
        {"keys": [{"kty": "EC", "kid": "auth-2022-01"}, {"kty": "EC", "kid": "auth-2025-01"}]}
        """);
    write(
        "vault-audit.log",
        "{\"time\":\"2024-12-10T10:05:52Z\",\"type\":\"response\",\"auth\":{\"display_name\":"
            + "\"oidc-jkim\",\"metadata\":{\"username\":\"jkim\"}},\"request\":{\"id\":\"r1\","
            + "\"operation\":\"read\",\"path\":\"transit/keys/token-signer\"}}\n");
    IdentityContext c = LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of());
    assertThat(c.keyStatus("auth-2022-01", Instant.parse("2025-06-24T03:12:45Z")))
        .isEqualTo(KeyStatus.ACTIVE);
  }

  @Test
  void two_inventory_rows_naming_a_common_location_are_one_key_for_custody() throws IOException {
    organisation();
    // explicit link: the second row names the transit key too (FORMATS.md §1.3 locations)
    write(
        "secrets.csv",
        """
        secret_id,kind,system,location,created,last_rotated,max_age,custodians
        token-signer,signing-key,gateway,transit/keys/token-signer,2020-03-02,2020-03-02,3650d,E1002
        token-signer-jwk,signing-key,gateway,transit/keys/token-signer;jwks:gateway#auth-2022-01,2021-01-01,,3650d,E1002
        other-jwk,signing-key,gateway,jwks:gateway#auth-2025-01,2025-01-02,,1825d,E1002
        """);
    write(
        "jwks/gateway.json",
        """
        {"keys": [{"kty": "EC", "kid": "auth-2022-01"}, {"kty": "EC", "kid": "auth-2025-01"}]}
        """);
    write(
        "vault-audit.log",
        "{\"time\":\"2024-12-10T10:05:52Z\",\"type\":\"response\",\"auth\":{\"display_name\":"
            + "\"oidc-jkim\",\"metadata\":{\"username\":\"jkim\"}},\"request\":{\"id\":\"r1\","
            + "\"operation\":\"read\",\"path\":\"transit/keys/token-signer\"}}\n");
    IdentityContext c = LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of());
    assertThat(c.keyStatus("auth-2022-01", Instant.parse("2025-06-24T03:12:45Z")))
        .isEqualTo(KeyStatus.CUSTODIAN_LEFT);
    assertThat(c.keyStatus("auth-2022-01", Instant.parse("2024-12-01T00:00:00Z")))
        .isEqualTo(KeyStatus.ACTIVE);
    assertThat(c.keyStatus("auth-2025-01", Instant.parse("2025-06-24T03:12:45Z")))
        .isEqualTo(KeyStatus.ACTIVE);
  }

  @Test
  void a_kid_on_the_same_inventory_row_as_the_transit_key_a_leaver_exported_is_custodian_left()
      throws IOException {
    organisation();
    // one row, two locations of the same key (FORMATS.md §1.3); the dates differ from every other
    // row, so no twin heuristic is involved: only the row's own locations tie the kid to Vault
    write(
        "secrets.csv",
        """
        secret_id,kind,system,location,created,last_rotated,max_age,custodians
        token-signer,signing-key,gateway,transit/keys/token-signer;jwks:gateway#auth-2022-01,2020-03-02,2020-03-02,3650d,E1002
        other-jwk,signing-key,gateway,jwks:gateway#auth-2025-01,2025-01-02,,1825d,E1002
        """);
    write(
        "jwks/gateway.json",
        """
        {"keys": [{"kty": "EC", "kid": "auth-2022-01"}, {"kty": "EC", "kid": "auth-2025-01"}]}
        """);
    write(
        "vault-audit.log",
        "{\"time\":\"2024-12-10T10:05:52Z\",\"type\":\"response\",\"auth\":{\"display_name\":"
            + "\"oidc-jkim\",\"metadata\":{\"username\":\"jkim\"}},\"request\":{\"id\":\"r1\","
            + "\"operation\":\"read\",\"path\":\"transit/export/signing-key/token-signer/1\"}}\n");
    IdentityContext c = LeaverGuardIdentity.fromDirectory(dir, AS_OF, Map.of());
    assertThat(c.keyStatus("auth-2022-01", Instant.parse("2025-06-24T03:12:45Z")))
        .isEqualTo(KeyStatus.CUSTODIAN_LEFT);
    assertThat(c.keyStatus("auth-2025-01", Instant.parse("2025-06-24T03:12:45Z")))
        .isEqualTo(KeyStatus.ACTIVE);
  }
}
