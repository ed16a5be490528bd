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
 * Issue 17 item 2: a plan proposed from a finding covers that leaver only. Two leavers on one
 * directory: the plan for one disables their account and leaves the other's; a plan without a
 * person still covers both. The API takes the same {@code person}.
 */
class RemediationScopeTest extends ServerTestSupport {
  static final String JKIM = "uid=jkim,ou=people,dc=example,dc=org";
  static final String PPARK = "uid=ppark,ou=people,dc=example,dc=org";

  @Autowired IdentityState identity;
  @Autowired RemediationPlans plans;
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
    for (String[] p : new String[][] {{"jkim", "E1"}, {"slee", "E2"}, {"ppark", "E3"}}) {
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
            + "E2,slee@example.org,Su,Lee,Platform,Engineer,,active,2021-01-04,\n"
            + "E3,ppark@example.org,Min,Park,Platform,Engineer,,terminated,2020-02-03,2024-11-29\n");
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

  @Test
  void a_plan_for_one_leaver_disables_only_their_account() throws Exception {
    assertThat(plans.leaverAccounts("dir", null)).hasSize(2);
    var one = plans.propose("admin-a", "admin-a", "dir", null, true, "E3");
    assertThat(one.person()).isEqualTo("E3");
    assertThat(one.actions()).extracting(RemediationPlans.Action::accountId).containsExactly(PPARK);
    plans.approve("admin-b", "admin-b", one.id(), true);
    assertThat(plans.execute("admin-b", one.id()).status()).isEqualTo("done");
    assertThat(ldap.getEntry(PPARK).getAttributeValue("nsAccountLock"))
        .isEqualToIgnoringCase("true");
    assertThat(ldap.getEntry(JKIM).hasAttribute("nsAccountLock")).isFalse();
    assertThat(audit.page(0, 10))
        .anyMatch(
            r -> r.action().equals("identity.plan-proposed") && r.details().contains("person=E3"));

    var every = plans.propose("admin-a", "admin-a", "dir", null, true);
    assertThat(every.person()).isNull();
    assertThat(every.actions())
        .extracting(RemediationPlans.Action::accountId)
        .containsExactlyInAnyOrder(JKIM, PPARK);
  }

  @Test
  void the_api_takes_the_person_and_refuses_one_with_nothing_to_do() throws Exception {
    String admin = tokenFor("scope-admin", Role.ADMIN);
    mvc.perform(
            post("/api/v1/identity/plans")
                .header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"system\":\"dir\",\"raiseGuard\":true,\"person\":\"E1\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.person").value("E1"))
        .andExpect(jsonPath("$.actions.length()").value(1))
        .andExpect(jsonPath("$.actions[0].accountId").value(JKIM));
    mvc.perform(
            post("/api/v1/identity/plans")
                .header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"system\":\"dir\",\"raiseGuard\":true,\"person\":\"E2\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(
                    "system: no enabled account of leaver E2 on 'dir' in the latest reconciliation"));
  }
}
