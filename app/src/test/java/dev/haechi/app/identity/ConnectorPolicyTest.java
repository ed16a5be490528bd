package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.security.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Issue 12 item 3, through the server: remediation and sources cannot be pointed at an attacker,
 * cannot take Haechi's own secrets, cannot read files outside the import folder, and errors do not
 * echo what a file contains.
 */
class ConnectorPolicyTest extends ServerTestSupport {
  @org.springframework.beans.factory.annotation.Autowired dev.haechi.app.audit.AuditLog audit;

  @AfterEach
  void forget() {
    identitySources.list().stream()
        .filter(s -> s.name().startsWith("pol-") || s.name().equals("hr"))
        .forEach(s -> identitySources.delete("test", s.name()));
  }

  private ResultActions postJson(String token, String path, String json) throws Exception {
    return mvc.perform(
        post(path)
            .header("Authorization", "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  private ResultActions source(String json) throws Exception {
    return postJson(tokenFor("pol-admin", Role.ADMIN), "/api/v1/identity/sources", json);
  }

  @Test
  void a_plan_goes_to_the_systems_configured_source_never_to_a_url_the_proposer_gives()
      throws Exception {
    String analyst = tokenFor("pol-analyst", Role.ANALYST);
    postJson(
            analyst,
            "/api/v1/identity/plans",
            "{\"system\":\"pol-dir\",\"target\":\"ldaps://attacker.example/dc=x;"
                + "password-env=HAECHI_DB_PASSWORD\",\"raiseGuard\":true}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(startsWith("system: 'pol-dir' has no configured")));

    allowSecretEnv("POL_DIR_PW");
    source(
            "{\"kind\":\"accounts\",\"system\":\"pol-dir\",\"location\":"
                + "\"ldaps://dc1.corp.example/dc=corp;password-env=POL_DIR_PW\"}")
        .andExpect(status().isCreated());
    postJson(
            analyst,
            "/api/v1/identity/plans",
            "{\"system\":\"pol-dir\",\"target\":\"ldaps://attacker.example/dc=x;"
                + "password-env=POL_DIR_PW\",\"raiseGuard\":true}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(startsWith("target: a plan goes to the configured source of 'pol-dir'")));
  }

  /** Issue 12 item 5: a connector change is audited with where it pointed before and after. */
  @Test
  void a_connector_change_is_audited_before_and_after_in_order() throws Exception {
    source(
            "{\"kind\":\"accounts\",\"system\":\"pol-aud\",\"location\":"
                + "\"ldaps://dc1.corp.example/dc=corp\"}")
        .andExpect(status().isCreated());
    source(
            "{\"kind\":\"accounts\",\"system\":\"pol-aud\",\"location\":"
                + "\"ldaps://dc2.corp.example/dc=corp\",\"every\":\"1h\"}")
        .andExpect(status().isCreated());
    var records =
        audit.page(0, 50).stream()
            .filter(r -> r.target().equals("source:pol-aud"))
            .sorted(java.util.Comparator.comparingLong(dev.haechi.app.audit.AuditRecord::seq))
            .toList();
    assertThat(records).hasSize(2);
    assertThat(records.get(0).details())
        .startsWith("before: (none) | after: kind=accounts location=ldaps://dc1.corp.example");
    assertThat(records.get(1).details())
        .startsWith(
            "before: kind=accounts location=ldaps://dc1.corp.example/dc=corp every=15m | after:"
                + " kind=accounts location=ldaps://dc2.corp.example/dc=corp every=1h");
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void secrets_come_only_from_the_admins_allow_list_and_never_haechis_own() throws Exception {
    source(
            "{\"kind\":\"accounts\",\"system\":\"pol-x\",\"location\":"
                + "\"ldaps://dc1.corp.example/dc=corp;password-env=HAECHI_DB_PASSWORD\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("not on the admin's allow-list")));
    mvc.perform(
            put("/api/v1/settings/connectors.secret-env-allow")
                .header("Authorization", "Bearer " + tokenFor("pol-admin", Role.ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\":\"HAECHI_DB_PASSWORD\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(containsString("holds Haechi's own secret")));
  }

  @Test
  void cleartext_sources_are_refused_unless_the_host_is_allowed() throws Exception {
    for (String loc :
        new String[] {
          "ldap://dc1.corp.example/dc=corp", "scim+http://idp.corp.example/scim/v2",
        }) {
      source("{\"kind\":\"accounts\",\"system\":\"pol-clear\",\"location\":\"" + loc + "\"}")
          .andExpect(status().isBadRequest())
          .andExpect(jsonPath("$.detail").value(containsString("cleartext")));
    }
    allowCleartextHost("dc1.corp.example");
    source(
            "{\"kind\":\"accounts\",\"system\":\"pol-clear\",\"location\":"
                + "\"ldap://dc1.corp.example/dc=corp\"}")
        .andExpect(status().isCreated());
  }

  @Test
  void file_sources_stay_in_the_import_folder() throws Exception {
    Path importDir = Path.of(System.getProperty("java.io.tmpdir"));
    Path link = importDir.resolve("pol-link-" + System.nanoTime() + ".csv");
    Files.createSymbolicLink(link, Path.of("/etc/passwd"));
    try {
      for (String loc :
          new String[] {
            "/etc/passwd",
            "/proc/self/environ",
            importDir + "/../etc/shadow",
            "../../etc/hosts",
            link.toString()
          }) {
        source("{\"kind\":\"hr\",\"location\":\"" + loc + "\"}")
            .andExpect(status().isBadRequest())
            .andExpect(jsonPath("$.detail").value(startsWith("location: ")));
      }
    } finally {
      Files.delete(link);
    }
  }

  @Test
  void a_failing_source_error_never_echoes_the_files_content() throws Exception {
    Path file = Files.createTempFile("pol-hr", ".csv");
    Files.writeString(file, "root:TOPSECRET-HASH-0001:0:0:root:/root:/bin/bash\nx\n");
    source("{\"kind\":\"hr\",\"location\":\"" + file + "\"}").andExpect(status().isCreated());
    String admin = tokenFor("pol-admin", Role.ADMIN);
    mvc.perform(post("/api/v1/identity/runs").header("Authorization", "Bearer " + admin));
    String body =
        mvc.perform(get("/api/v1/identity/sources").header("Authorization", "Bearer " + admin))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(body).contains("failed").doesNotContain("TOPSECRET");
    mvc.perform(get("/api/v1/audit?size=50").header("Authorization", "Bearer " + admin))
        .andExpect(status().isOk())
        .andExpect(
            result ->
                assertThat(result.getResponse().getContentAsString()).doesNotContain("TOPSECRET"));
  }

  /**
   * A reader that names a value without quoting it (a duplicate employee id) would echo the file:
   * every word of the error that the file holds is removed too (before, only quoted text was).
   */
  @Test
  void a_failing_source_error_never_echoes_an_unquoted_value_of_the_file() throws Exception {
    Path file = Files.createTempFile("pol-hr", ".csv");
    Files.writeString(file, "employee_id,status\nTOPSECRET-7731,active\nTOPSECRET-7731,active\n");
    source("{\"kind\":\"hr\",\"location\":\"" + file + "\"}").andExpect(status().isCreated());
    String admin = tokenFor("pol-admin", Role.ADMIN);
    mvc.perform(post("/api/v1/identity/runs").header("Authorization", "Bearer " + admin));
    String body =
        mvc.perform(get("/api/v1/identity/sources").header("Authorization", "Bearer " + admin))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    // the error still says where and what kind of problem it is
    assertThat(body)
        .contains("failed")
        .contains(file.getFileName().toString())
        .contains("already appears on line 2")
        .doesNotContain("TOPSECRET");
    mvc.perform(get("/api/v1/audit?size=50").header("Authorization", "Bearer " + admin))
        .andExpect(status().isOk())
        .andExpect(
            result ->
                assertThat(result.getResponse().getContentAsString())
                    .contains("already appears on line 2")
                    .doesNotContain("TOPSECRET"));
  }

  @Test
  void redaction_removes_the_words_the_file_holds_and_keeps_the_rest() throws Exception {
    Path file = Files.createTempFile("pol-red", ".txt");
    Files.writeString(file, "root:x:0:0:root:/root:/bin/bash\n비밀-값 s3cr3t\n");
    assertThat(
            ConnectorPolicy.safeError(
                file + ":1: bad line root:x:0:0:root:/root:/bin/bash near 비밀-값 and s3cr3t", file))
        .isEqualTo(file + ":1: bad line …:x:0:0:…:…:… near … and …");
    assertThat(ConnectorPolicy.safeError("plain 'quoted' text", null)).isEqualTo("plain '…' text");
  }
}
