package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.VaultAccess;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaultAuditLogReaderTest {
  private static final List<String> LOCATIONS =
      List.of("transit/keys/token-signer", "secret/data/pg/admin");

  static VaultAuditLogReader.Result read(String log) {
    return VaultAuditLogReader.read(new StringReader(log), "vault-audit.log", LOCATIONS);
  }

  static String entry(String type, String id, String user, String op, String path) {
    return "{\"time\":\"2024-01-01T00:00:00Z\",\"type\":\""
        + type
        + "\",\"auth\":{\"display_name\":\""
        + user
        + "\"},\"request\":{\"id\":\""
        + id
        + "\",\"operation\":\""
        + op
        + "\",\"path\":\""
        + path
        + "\"}}";
  }

  @Test
  void fixture_log_keeps_requests_on_known_secrets_once_each_and_drops_denied_ones() {
    VaultAuditLogReader.Result r =
        VaultAuditLogReader.read(
            Fixtures.dir("coupang").resolve("vault-audit.log"), "vault-audit.log", LOCATIONS);

    assertThat(r.linesRead()).isEqualTo(10);
    assertThat(r.accesses())
        .extracting(VaultAccess::evidence)
        .containsExactly(
            "vault-audit.log:2: transit/keys/token-signer by jkim at 2023-02-01T05:00:00.123456Z",
            "vault-audit.log:4: transit/export/signing-key/token-signer by jkim at"
                + " 2023-03-14T09:12:44.501Z",
            "vault-audit.log:7: secret/data/pg/admin by slee@retail.example at 2025-02-01T03:00:00Z",
            "vault-audit.log:8: transit/backup/token-signer by jkim at 2025-07-15T03:00:00Z");
    assertThat(r.accesses())
        .extracting(VaultAccess::copiesKeyMaterial)
        .containsExactly(false, true, false, true);
    assertThat(r.accesses()).allMatch(a -> a.location() != null);
  }

  @Test
  void display_name_loses_its_auth_method_prefix_when_metadata_has_no_username() {
    VaultAccess a =
        read(entry("request", "1", "oidc-jkim", "read", "transit/keys/token-signer"))
            .accesses()
            .get(0);
    assertThat(a.username()).isEqualTo("jkim");
    assertThat(a.time()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
  }

  @Test
  void oidc_numeric_subject_is_attributed_through_email_or_entity_alias_never_as_a_username() {
    VaultAuditLogReader.Result r =
        VaultAuditLogReader.read(
            Fixtures.dir("vault-oidc").resolve("vault-audit.log"), "vault-audit.log", LOCATIONS);

    assertThat(r.accesses())
        .extracting(a -> a.source().line() + " " + a.username())
        .containsExactly(
            // role maps the e-mail claim: the e-mail names the person
            "1 jkim@retail.example",
            "3 slee",
            // no e-mail, but the same Vault entity signed in as ldap-slee
            "4 slee",
            // neither: kept as Vault wrote it, never the bare number (which is no username)
            "5 oidc-1000555");
  }

  @Test
  void entity_alias_found_later_in_the_log_or_in_another_slice_still_names_the_person()
      throws Exception {
    String oidc =
        "{\"time\":\"2024-01-01T00:00:00Z\",\"auth\":{\"display_name\":\"oidc-42\","
            + "\"entity_id\":\"e-1\"},\"request\":{\"id\":\"a\",\"operation\":\"read\","
            + "\"path\":\"transit/keys/token-signer\"}}";
    String ldap =
        "{\"time\":\"2024-01-02T00:00:00Z\",\"auth\":{\"display_name\":\"ldap-jkim\","
            + "\"entity_id\":\"e-1\"},\"request\":{\"id\":\"b\",\"operation\":\"list\","
            + "\"path\":\"transit/keys/token-signer\"}}";
    assertThat(read(oidc + "\n" + ldap).accesses())
        .extracting(VaultAccess::username)
        .containsExactly("jkim");

    java.nio.file.Path file = java.nio.file.Files.createTempFile("vault-oidc", ".log");
    try {
      StringBuilder log = new StringBuilder(oidc).append('\n');
      for (int i = 0; i < 200; i++) {
        log.append("{\"time\":\"2024-01-01T00:00:00Z\",\"request\":{\"path\":\"sys/health\"}}\n");
      }
      log.append(ldap).append('\n');
      java.nio.file.Files.writeString(file, log);
      List<VaultAuditLogReader.Part> parts = new java.util.ArrayList<>();
      for (var task : VaultAuditLogReader.parts(file, "vault-audit.log", LOCATIONS, 4)) {
        parts.add(task.call());
      }
      assertThat(VaultAuditLogReader.join("vault-audit.log", parts).accesses())
          .extracting(VaultAccess::username)
          .containsExactly("jkim");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void versioned_export_and_backup_belong_to_the_transit_key() {
    VaultAuditLogReader.Result r =
        read(
            entry("request", "1", "ldap-a", "read", "transit/export/hmac-key/token-signer/3")
                + "\n"
                + entry("request", "2", "ldap-a", "read", "transit/export/public-key/token-signer")
                + "\n"
                + entry("request", "3", "ldap-a", "update", "transit/sign/token-signer"));
    assertThat(r.accesses())
        .singleElement()
        .satisfies(a -> assertThat(a.location()).isEqualTo("transit/keys/token-signer"));
  }

  @Test
  void list_and_delete_are_not_custody() {
    assertThat(
            read(entry("request", "1", "ldap-a", "list", "secret/data/pg/admin")
                    + "\n"
                    + entry("request", "2", "ldap-a", "delete", "secret/data/pg/admin"))
                .accesses())
        .isEmpty();
  }

  @Test
  void line_that_is_not_a_json_object_names_its_line() {
    assertThatThrownBy(() -> read(entry("request", "1", "a", "read", "x") + "\nnot json\n"))
        .isInstanceOf(InputException.class)
        .hasMessage("vault-audit.log:2: not a JSON object");
  }

  @Test
  void malformed_json_on_a_known_secret_names_its_line() {
    String broken =
        "{\"time\":\"2024-01-01T00:00:00Z\",\"request\":{\"path\":\"secret/data/pg/admin\",,}";
    assertThatThrownBy(() -> read("\n" + broken + "\n"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("vault-audit.log:2: malformed JSON");
  }

  @Test
  void bad_time_on_a_known_secret_names_its_line() {
    String bad =
        entry("request", "1", "ldap-a", "read", "secret/data/pg/admin")
            .replace("2024-01-01T00:00:00Z", "yesterday");
    assertThatThrownBy(() -> read(bad))
        .isInstanceOf(InputException.class)
        .hasMessage("vault-audit.log:1: time 'yesterday' is not RFC 3339");
  }

  @Test
  void custody_operation_is_the_set_lookup_returning_one_shared_constant() {
    for (String op :
        new String[] {
          "read", "create", "update", "patch", "list", "delete", "READ", "", "reads", "sudo"
        }) {
      String copy = new String(op);
      String c = VaultAuditLogReader.custodyOperation(copy);
      assertThat(c != null).as(op).isEqualTo(VaultAuditLogReader.CUSTODY_OPERATIONS.contains(op));
      if (c != null) {
        assertThat(c).isEqualTo(op);
        assertThat(c).isSameAs(VaultAuditLogReader.custodyOperation(new String(op)));
      }
    }
    assertThat(VaultAuditLogReader.custodyOperation(null)).isNull();
  }
}
