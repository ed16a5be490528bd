package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.Role;
import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.HrCsvReader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Propose → approve by a second person → disable → re-enable, end to end through the API against a
 * live directory (UnboundID's in-memory server, 389-style {@code nsAccountLock}); a failure midway
 * is recorded and the next run resumes.
 */
class RemediationFlowTest extends ServerTestSupport {
  static final String LEAVER = "uid=jkim,ou=people,dc=example,dc=org";
  static final String RAISE = "{\"raiseGuard\":true}";

  @Autowired IdentityState identity;
  @Autowired AuditLog audit;
  InMemoryDirectoryServer ldap;
  String target;

  @BeforeEach
  void directoryAndReconciliation() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var config = new InMemoryDirectoryServerConfig("dc=example,dc=org");
    config.setSchema(null);
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", port));
    ldap = new InMemoryDirectoryServer(config);
    ldap.startListening();
    ldap.add("dn: dc=example,dc=org", "objectClass: domain", "dc: example");
    ldap.add("dn: ou=people,dc=example,dc=org", "objectClass: organizationalUnit", "ou: people");
    for (String[] p : new String[][] {{"jkim", "E1"}, {"slee", "E2"}}) {
      ldap.add(
          "dn: uid=" + p[0] + ",ou=people,dc=example,dc=org",
          "objectClass: person",
          "objectClass: inetOrgPerson",
          "uid: " + p[0],
          "cn: " + p[0],
          "sn: x",
          "employeeNumber: " + p[1]);
    }
    target = "ldap://127.0.0.1:" + port + "/ou=people,dc=example,dc=org;flavour=nsaccountlock";
    configureLiveSource("dir", target);
    Path hr = Files.createTempFile("hr", ".csv");
    Files.writeString(
        hr,
        "employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,"
            + "termination_date\n"
            + "E1,jkim@example.org,Jae,Kim,Platform,Engineer,,terminated,2022-11-07,2024-12-13\n"
            + "E2,slee@example.org,Su,Lee,Platform,Engineer,,active,2021-01-04,\n");
    var accounts =
        LiveSourceSpec.parse("dir", target).accountSource(SecretEnvironment.system()).readAll();
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

  @AfterEach
  void stop() {
    identitySources.delete("test", "dir");
    ldap.shutDown(true);
  }

  private String locked() throws Exception {
    var e = ldap.getEntry(LEAVER);
    return e.getAttributeValue("nsAccountLock");
  }

  private org.springframework.test.web.servlet.ResultActions call(
      String token, String path, String body) throws Exception {
    var req = post(path).header("Authorization", "Bearer " + token);
    if (body != null) {
      req.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return mvc.perform(req);
  }

  private long propose(String token, boolean raise) throws Exception {
    String json =
        call(
                token,
                "/api/v1/identity/plans",
                "{\"system\":\"dir\",\"target\":\"" + target + "\",\"raiseGuard\":" + raise + "}")
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.actions[0].accountId").value(LEAVER))
            .andExpect(jsonPath("$.actions[0].state").value("pending"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    return Long.parseLong(json.replaceAll("^\\{\"id\":(\\d+),.*$", "$1").trim());
  }

  @Test
  void a_second_admin_approves_then_the_leaver_is_disabled_and_can_be_re_enabled()
      throws Exception {
    String analyst = tokenFor("plan-analyst", Role.ANALYST);
    String admin = tokenFor("plan-admin", Role.ADMIN);

    call(
            analyst,
            "/api/v1/identity/plans",
            "{\"system\":\"dir\",\"target\":\"" + target + "\",\"raiseGuard\":false}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("mass-change guard")));
    long id = propose(analyst, true);
    assertThat(locked()).isNull();

    call(analyst, "/api/v1/identity/plans/" + id + "/approve", RAISE)
        .andExpect(status().isForbidden());
    call(admin, "/api/v1/identity/plans/" + id + "/execute", null)
        .andExpect(status().isBadRequest());
    call(admin, "/api/v1/identity/plans/" + id + "/approve", RAISE)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.approvedBy").value("plan-admin"));
    call(admin, "/api/v1/identity/plans/" + id + "/execute", null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("done"))
        .andExpect(jsonPath("$.actions[0].outcome").value("disabled"));
    assertThat(locked()).isEqualToIgnoringCase("true");
    assertThat(ldap.getEntry("uid=slee,ou=people,dc=example,dc=org").hasAttribute("nsAccountLock"))
        .isFalse();

    // Re-enabling a leaver gives access back: one admin requests it, a second one carries it out.
    call(admin, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.actions[0].state").value("done"))
        .andExpect(jsonPath("$.actions[0].reverseRequestedBy").value("plan-admin"));
    assertThat(locked()).isEqualToIgnoringCase("true");
    call(admin, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("second person")));
    assertThat(locked()).isEqualToIgnoringCase("true");
    call(
            tokenFor("plan-admin-b", Role.ADMIN),
            "/api/v1/identity/plans/" + id + "/actions/1/reverse",
            null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.actions[0].state").value("reversed"));
    assertThat(locked()).isNull();
    assertThat(audit.page(0, 10))
        .extracting(r -> r.action())
        .contains(
            "identity.plan-proposed",
            "identity.plan-approved",
            "identity.account-disabled",
            "identity.reversal-requested",
            "identity.account-enabled");
  }

  @Test
  void the_proposer_cannot_approve_and_a_failure_midway_is_resumed_idempotently() throws Exception {
    String admin1 = tokenFor("plan-admin1", Role.ADMIN);
    String admin2 = tokenFor("plan-admin2", Role.ADMIN);
    long id = propose(admin1, true);
    call(admin1, "/api/v1/identity/plans/" + id + "/approve", RAISE)
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("second person")));
    call(admin2, "/api/v1/identity/plans/" + id + "/approve", RAISE).andExpect(status().isOk());

    ldap.shutDown(false);
    call(admin2, "/api/v1/identity/plans/" + id + "/execute", null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("partial"))
        .andExpect(jsonPath("$.actions[0].state").value("failed"));
    ldap.startListening();
    ldap.modify(
        LEAVER,
        new com.unboundid.ldap.sdk.Modification(
            com.unboundid.ldap.sdk.ModificationType.ADD, "nsAccountLock", "true"));
    call(admin2, "/api/v1/identity/plans/" + id + "/execute", null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("done"))
        .andExpect(jsonPath("$.actions[0].outcome").value("already disabled"));
  }

  /** Issue 12 item 6: a plan over the mass-change guard needs the approver to raise it too. */
  @Test
  void approving_a_plan_over_the_guard_needs_the_approver_to_raise_it() throws Exception {
    String admin1 = tokenFor("plan-guard1", Role.ADMIN);
    String admin2 = tokenFor("plan-guard2", Role.ADMIN);
    long id = propose(admin1, true);
    call(admin2, "/api/v1/identity/plans/" + id + "/approve", null)
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("mass-change guard")));
    call(admin2, "/api/v1/identity/plans/" + id + "/approve", "{\"raiseGuard\":false}")
        .andExpect(status().isBadRequest());
    call(admin2, "/api/v1/identity/plans/" + id + "/approve", RAISE)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.guardRaised").value(true))
        .andExpect(jsonPath("$.approvedBy").value("plan-guard2"));
  }

  /**
   * Issue 12 item 6: an admin made (or changed) by the proposer is not a second person within the
   * cool-down, in either direction; an unrelated admin is.
   */
  @Test
  void an_admin_the_proposer_created_cannot_approve_within_the_cool_down() throws Exception {
    String boss = tokenFor("plan-boss", Role.ADMIN);
    mvc.perform(
            post("/api/v1/users")
                .header("Authorization", "Bearer " + boss)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"username\":\"plan-puppet\",\"password\":\""
                        + PASSWORD
                        + "\",\"role\":\"admin\"}"))
        .andExpect(status().isCreated());
    String puppet = tokens.issue("plan-puppet", "test", Role.ADMIN, null).secret();

    long id = propose(boss, true);
    call(puppet, "/api/v1/identity/plans/" + id + "/approve", RAISE)
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(
                    org.hamcrest.Matchers.containsString(
                        "plan-puppet cannot be the second person for plan-boss")));
    long other = propose(puppet, true);
    call(boss, "/api/v1/identity/plans/" + other + "/approve", RAISE)
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("cool-down")));
    call(tokenFor("plan-outsider", Role.ADMIN), "/api/v1/identity/plans/" + id + "/approve", RAISE)
        .andExpect(status().isOk());
  }

  @Test
  void reversing_an_action_that_found_the_account_already_disabled_leaves_it_disabled()
      throws Exception {
    String admin1 = tokenFor("plan-admin3", Role.ADMIN);
    String admin2 = tokenFor("plan-admin4", Role.ADMIN);
    long id = propose(admin1, true);
    call(admin2, "/api/v1/identity/plans/" + id + "/approve", RAISE).andExpect(status().isOk());
    // someone disabled the leaver by hand between the proposal and the execution
    ldap.modify(
        LEAVER,
        new com.unboundid.ldap.sdk.Modification(
            com.unboundid.ldap.sdk.ModificationType.ADD, "nsAccountLock", "true"));
    call(admin2, "/api/v1/identity/plans/" + id + "/execute", null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.actions[0].outcome").value("already disabled"))
        .andExpect(
            jsonPath("$.actions[0].before")
                .value(org.hamcrest.Matchers.containsString("\"changed\":false")));

    call(admin2, "/api/v1/identity/plans/" + id + "/actions/1/reverse", null)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.actions[0].state").value("reversed"))
        .andExpect(
            jsonPath("$.actions[0].outcome")
                .value("nothing to reverse: the account was already disabled before the plan"));
    // the state before the plan was "disabled", and so it stays
    assertThat(locked()).isEqualToIgnoringCase("true");
  }
}
