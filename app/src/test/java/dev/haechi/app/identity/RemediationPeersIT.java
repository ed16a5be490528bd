package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.Role;
import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.connectors.ldap.SlapdServer;
import dev.haechi.connectors.scim.ScimServiceProvider;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.HrCsvReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Issue 3's end-to-end remediation against real protocol peers: a leaver found by reconciling a
 * live source is proposed for disabling, approved by a second admin, disabled and re-enabled
 * through the API, in a real OpenLDAP {@code slapd} (ppolicy {@code pwdAccountLockedTime}, so the
 * leaver's bind is refused while disabled) and in a SCIM 2.0 service provider ({@code PATCH
 * active}).
 */
@Import(RemediationPeersIT.TestSecrets.class)
class RemediationPeersIT extends ServerTestSupport {
  /** Secrets the test hands to the server's connectors, as the process environment would. */
  static final Map<String, String> SECRETS = new ConcurrentHashMap<>();

  @org.junit.jupiter.api.AfterEach
  void forgetSources() {
    identitySources.list().forEach(s -> identitySources.delete("test", s.name()));
  }

  @TestConfiguration
  static class TestSecrets {
    @Bean
    @Primary
    SecretEnvironment testSecretEnvironment() {
      return SECRETS::get;
    }
  }

  @Autowired IdentityState identity;
  @Autowired AuditLog audit;

  private static final String HR =
      "employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,"
          + "termination_date\n"
          + "E1,jkim@example.org,Jae,Kim,Platform,Engineer,,terminated,2022-11-07,2024-12-13\n"
          + "E2,slee@example.org,Su,Lee,Platform,Engineer,,active,2021-01-04,\n"
          + "E3,mpark@example.org,Min,Park,Platform,Engineer,,active,2021-01-04,\n";

  private void reconcile(String system, String source) throws Exception {
    configureLiveSource(system, source);
    Path hr = Files.createTempFile("hr", ".csv");
    Files.writeString(hr, HR);
    var accounts = LiveSourceSpec.parse(system, source).accountSource(SECRETS::get).readAll();
    var snapshot =
        new IdentitySnapshot(
            HrCsvReader.read(hr, "hr.csv"), accounts, List.of(), List.of(), List.of(), 0);
    LocalDate today = LocalDate.now();
    identity.replace(
        "test",
        today,
        snapshot,
        IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(today)));
  }

  private ResultActions call(String token, String path, String body) throws Exception {
    var req = post(path).header("Authorization", "Bearer " + token);
    if (body != null) {
      req.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return mvc.perform(req);
  }

  /** Proposes (guard raised: one of three accounts is over the default share), returns the id. */
  private long propose(String token, String system, String target, String leaverAccount)
      throws Exception {
    String json =
        call(
                token,
                "/api/v1/identity/plans",
                "{\"system\":\""
                    + system
                    + "\",\"target\":\""
                    + target.replace("\"", "\\\"")
                    + "\",\"raiseGuard\":true}")
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.actions.length()").value(1))
            .andExpect(jsonPath("$.actions[0].accountId").value(leaverAccount))
            .andReturn()
            .getResponse()
            .getContentAsString();
    return Long.parseLong(json.replaceAll("^\\{\"id\":(\\d+),.*$", "$1").trim());
  }

  @Test
  void the_leaver_is_disabled_in_slapd_after_a_second_admin_approves_and_re_enabled_on_reverse()
      throws Exception {
    try (SlapdServer slapd = SlapdServer.start()) {
      String base = SlapdServer.BASE;
      String leaver = "uid=jkim,ou=people," + base;
      try (LDAPConnection c = slapd.admin()) {
        for (String[] p : new String[][] {{"jkim", "E1"}, {"slee", "E2"}, {"mpark", "E3"}}) {
          c.add(
              "dn: uid=" + p[0] + ",ou=people," + base,
              "objectClass: inetOrgPerson",
              "uid: " + p[0],
              "cn: " + p[0],
              "sn: x",
              "mail: " + p[0] + "@example.org",
              "employeeNumber: " + p[1],
              "userPassword: pw-" + p[0]);
        }
      }
      SECRETS.put("SLAPD_PW", slapd.adminPassword);
      String target =
          slapd.url()
              + "/ou=people,"
              + base
              + ";bind-dn="
              + SlapdServer.ADMIN
              + ";password-env=SLAPD_PW;flavour=ppolicy";
      reconcile("openldap", target);
      assertThat(bindsAs(slapd, leaver, "pw-jkim")).isTrue();

      String analyst = tokenFor("peer-analyst", Role.ANALYST);
      String admin = tokenFor("peer-admin", Role.ADMIN);
      long id = propose(analyst, "openldap", target, leaver);
      call(analyst, "/api/v1/identity/plans/" + id + "/approve", "{\"raiseGuard\":true}")
          .andExpect(status().isForbidden());
      call(admin, "/api/v1/identity/plans/" + id + "/approve", "{\"raiseGuard\":true}")
          .andExpect(status().isOk());
      call(admin, "/api/v1/identity/plans/" + id + "/execute", null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.status").value("done"))
          .andExpect(jsonPath("$.actions[0].outcome").value("disabled"));

      assertThat(
              slapd
                  .admin()
                  .getEntry(leaver, "pwdAccountLockedTime")
                  .hasAttribute("pwdAccountLockedTime"))
          .isTrue();
      assertThat(bindsAs(slapd, leaver, "pw-jkim")).isFalse();
      assertThat(bindsAs(slapd, "uid=slee,ou=people," + base, "pw-slee")).isTrue();

      call(admin, "/api/v1/identity/plans/" + id + "/execute", null)
          .andExpect(status().isBadRequest());
      call(admin, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.actions[0].state").value("done"));
      call(
              tokenFor("peer-admin2", Role.ADMIN),
              "/api/v1/identity/plans/" + id + "/actions/1/reverse",
              null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.actions[0].state").value("reversed"));
      assertThat(
              slapd
                  .admin()
                  .getEntry(leaver, "pwdAccountLockedTime")
                  .hasAttribute("pwdAccountLockedTime"))
          .isFalse();
      assertThat(bindsAs(slapd, leaver, "pw-jkim")).isTrue();
      assertThat(audit.page(0, 20))
          .extracting(r -> r.target() + " " + r.action())
          .contains(
              "account:openldap:" + leaver + " identity.account-disabled",
              "account:openldap:" + leaver + " identity.account-enabled");
      assertThat(audit.page(0, 50))
          .allSatisfy(r -> assertThat(r.details()).doesNotContain(slapd.adminPassword));
    }
  }

  @Test
  void the_leaver_is_deactivated_in_the_scim_provider_and_re_activated_on_reverse()
      throws Exception {
    String token = "scim-token-" + System.nanoTime();
    try (ScimServiceProvider scim = ScimServiceProvider.start(token)) {
      scim.addUser("u-1", "jkim", "jkim@example.org", true);
      scim.addUser("u-2", "slee", "slee@example.org", true);
      scim.addUser("u-3", "mpark", "mpark@example.org", true);
      SECRETS.put("SCIM_TOKEN", token);
      String target = scim.url() + ";token-env=SCIM_TOKEN";
      reconcile("okta", target);

      String admin1 = tokenFor("scim-admin1", Role.ADMIN);
      String admin2 = tokenFor("scim-admin2", Role.ADMIN);
      long id = propose(admin1, "okta", target, "u-1");
      call(admin1, "/api/v1/identity/plans/" + id + "/approve", "{\"raiseGuard\":true}")
          .andExpect(status().isBadRequest());
      assertThat(scim.user("u-1").get("active").asBoolean()).isTrue();
      call(admin2, "/api/v1/identity/plans/" + id + "/approve", "{\"raiseGuard\":true}")
          .andExpect(status().isOk());
      call(admin2, "/api/v1/identity/plans/" + id + "/execute", null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.status").value("done"))
          .andExpect(jsonPath("$.actions[0].outcome").value("disabled"));
      assertThat(scim.user("u-1").get("active").asBoolean()).isFalse();
      assertThat(scim.user("u-2").get("active").asBoolean()).isTrue();
      assertThat(scim.requests()).contains("PATCH /scim/v2/Users/u-1");

      call(admin2, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.actions[0].state").value("done"));
      call(admin1, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.actions[0].state").value("reversed"));
      assertThat(scim.user("u-1").get("active").asBoolean()).isTrue();
    }
  }

  private static boolean bindsAs(SlapdServer slapd, String dn, String password) {
    String hostPort = slapd.url().substring("ldap://".length());
    int colon = hostPort.lastIndexOf(':');
    try (LDAPConnection c =
        new LDAPConnection(
            hostPort.substring(0, colon),
            Integer.parseInt(hostPort.substring(colon + 1)),
            dn,
            password)) {
      return c.isConnected();
    } catch (LDAPException e) {
      return false;
    }
  }

  @Test
  void a_leavers_secrets_are_rotated_in_vault_the_kid_retired_and_the_rest_left_as_a_task()
      throws Exception {
    java.util.List<String> vaultCalls = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer vault =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    vault.createContext(
        "/v1/",
        ex -> {
          vaultCalls.add(
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI().getPath()
                  + " token="
                  + ex.getRequestHeaders().getFirst("X-Vault-Token"));
          byte[] body = "{\"data\":{\"name\":\"token-signer\",\"latest_version\":2}}".getBytes();
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    vault.start();
    try {
      SECRETS.put("VAULT_TOKEN", "vault-token-for-test");
      Path dir = Files.createTempDirectory("secrets");
      Path hr = dir.resolve("hr.csv");
      Files.writeString(hr, HR);
      Path inventory = dir.resolve("secrets.csv");
      Files.writeString(
          inventory,
          "secret_id,kind,system,location,created,last_rotated,max_age,custodians\n"
              + "gateway-token-signer,signing-key,gateway,transit/keys/token-signer,2020-03-02,"
              + "2020-03-02,3650d,E1\n"
              + "gateway-token-signer-jwk,signing-key,gateway,jwks:gateway#auth-2022-01,"
              + "2020-03-02,2020-03-02,3650d,E1\n"
              + "crm-db-password,password,crm,kv/crm/db,2020-03-02,2020-03-02,3650d,E1\n");
      Path jwks = dir.resolve("gateway.json");
      Files.writeString(
          jwks,
          "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"auth-2022-01\",\"crv\":\"P-256\","
              + "\"x\":\"a\",\"y\":\"b\"},{\"kty\":\"EC\",\"kid\":\"auth-2025-01\","
              + "\"crv\":\"P-256\",\"x\":\"c\",\"y\":\"d\"}]}");
      var snapshot =
          new IdentitySnapshot(
              HrCsvReader.read(hr, "hr.csv"),
              List.of(),
              dev.haechi.identity.readers.SecretInventoryReader.read(inventory, "secrets.csv"),
              List.of(),
              List.of(),
              0);
      LocalDate today = LocalDate.now();
      identity.replace(
          "test",
          today,
          snapshot,
          IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(today)));

      allowCleartextHost("127.0.0.1");
      allowSecretEnv("VAULT_TOKEN");
      settingsStore.set(
          "test",
          dev.haechi.app.settings.Setting.VAULT_TARGET,
          "http://127.0.0.1:" + vault.getAddress().getPort() + ";token-env=VAULT_TOKEN");
      String analyst = tokenFor("secret-analyst", Role.ANALYST);
      String admin = tokenFor("secret-admin", Role.ADMIN);
      String json =
          call(
                  analyst,
                  "/api/v1/identity/plans",
                  "{\"scope\":\"secrets\",\"target\":\"http://127.0.0.1:"
                      + vault.getAddress().getPort()
                      + ";token-env=VAULT_TOKEN\",\"jwks\":{\"gateway\":\""
                      + jwks
                      + "\"}}")
              .andExpect(status().isCreated())
              .andExpect(jsonPath("$.actions.length()").value(4))
              .andExpect(jsonPath("$.actions[0].kind").value("rotate-transit-key"))
              .andExpect(jsonPath("$.actions[1].kind").value("retire-kid"))
              .andExpect(jsonPath("$.actions[2].kind").value("rotate-secret"))
              .andExpect(jsonPath("$.actions[3].kind").value("relying-party"))
              .andReturn()
              .getResponse()
              .getContentAsString();
      long id = Long.parseLong(json.replaceAll("^\\{\"id\":(\\d+),.*$", "$1").trim());
      assertThat(vaultCalls).isEmpty();
      call(admin, "/api/v1/identity/plans/" + id + "/approve", "{\"raiseGuard\":true}")
          .andExpect(status().isOk());
      call(admin, "/api/v1/identity/plans/" + id + "/execute", null)
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.status").value("partial"))
          .andExpect(
              jsonPath("$.actions[0].outcome")
                  .value(org.hamcrest.Matchers.startsWith("rotated from version 2 to 2")))
          .andExpect(jsonPath("$.actions[2].state").value("open-task"));
      assertThat(vaultCalls)
          .contains("POST /v1/transit/keys/token-signer/rotate token=vault-token-for-test")
          .allMatch(c -> c.endsWith("token=vault-token-for-test"));
      assertThat(Files.readString(jwks)).doesNotContain("auth-2022-01").contains("auth-2025-01");

      String admin2 = tokenFor("secret-admin2", Role.ADMIN);
      for (String who : new String[] {admin, admin2}) {
        call(who, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
            .andExpect(status().isOk());
        call(who, "/api/v1/identity/plans/" + id + "/actions/2/reverse", null)
            .andExpect(status().isOk());
      }
      assertThat(Files.readString(jwks)).contains("auth-2022-01");
      call(admin, "/api/v1/identity/plans/" + id + "/actions/3/complete", "{\"note\":\"v7\"}")
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.status").value("partial"))
          .andExpect(
              jsonPath("$.actions[2].outcome")
                  .value(
                      org.hamcrest.Matchers.allOf(
                          org.hamcrest.Matchers.startsWith("confirmed by secret-admin"),
                          org.hamcrest.Matchers.endsWith(": v7"))));
      assertThat(audit.page(0, 50))
          .allSatisfy(r -> assertThat(r.details()).doesNotContain("vault-token-for-test"));
    } finally {
      vault.stop(0);
    }
  }
}
