package dev.haechi.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPConnection;
import dev.haechi.app.identity.IdentitySources;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.identity.RemediationPlans;
import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.connectors.ldap.SlapdServer;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.HrCsvReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, item 11(b): the server is SIGKILLed in the middle of a remediation plan that disables
 * leavers' accounts in a real OpenLDAP {@code slapd}, once just <em>after</em> the directory made a
 * change (its modify response is held back by {@link LdapHoldingProxy}, so the server never hears
 * of it) and once just <em>before</em> (the modify request is held back, so the directory never
 * sees it). After each restart the server reads the directory and reports exactly what was done:
 * the action that was changed is {@code done} with the before-state it had (so reversing it
 * re-enables the account), the one that was not is {@code pending} again; a further run finishes
 * the plan, every leaver is disabled once, and the audit chain verifies.
 */
class RemediationCrashIT {
  static final int LEAVERS = 6;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    ServerLauncher.stop();
  }

  static String dn(int i) {
    return "uid=leaver" + i + ",ou=people," + SlapdServer.BASE;
  }

  @Test
  void a_remediation_killed_before_and_after_a_directory_change_reports_exactly_what_was_done()
      throws Exception {
    try (SlapdServer slapd = SlapdServer.start();
        LdapHoldingProxy proxy = new LdapHoldingProxy(slapd.port())) {
      StringBuilder hr =
          new StringBuilder(
              "employee_id,email,given_name,family_name,department,title,manager_id,status,"
                  + "hire_date,termination_date\n");
      try (LDAPConnection c = slapd.admin()) {
        for (int i = 1; i <= LEAVERS + 4; i++) {
          boolean leaver = i <= LEAVERS;
          String uid = leaver ? "leaver" + i : "staff" + i;
          c.add(
              "dn: uid=" + uid + ",ou=people," + SlapdServer.BASE,
              "objectClass: inetOrgPerson",
              "uid: " + uid,
              "cn: " + uid,
              "sn: x",
              "mail: " + uid + "@example.org",
              "employeeNumber: E" + i,
              "userPassword: pw-" + uid);
          hr.append("E")
              .append(i)
              .append(',')
              .append(uid)
              .append("@example.org,A,B,Ops,Eng,,")
              .append(leaver ? "terminated,2020-01-06,2024-12-13" : "active,2020-01-06,")
              .append('\n');
        }
      }
      String target =
          "ldap://127.0.0.1:"
              + proxy.port()
              + "/ou=people,"
              + SlapdServer.BASE
              + ";bind-dn="
              + SlapdServer.ADMIN
              + ";password-env=SLAPD_PW;flavour=ppolicy";
      Map<String, String> env = Map.of("SLAPD_PW", slapd.adminPassword);
      Path home = dir.resolve("home");
      Path hrFile = dir.resolve("hr.csv");
      Files.writeString(hrFile, hr);

      // The home: users, a live source, a reconciliation, a proposed and approved plan.
      var server =
          ServerLauncher.start(
              new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
              "--HAECHI_ADMIN_PASSWORD=crash-admin-password-123");
      var users = server.getBean(UserStore.class);
      users.createLocal("test", "alice", "a-long-test-password", Role.ANALYST);
      users.createLocal("test", "bob", "a-long-test-password", Role.ADMIN);
      users.createLocal("test", "carol", "a-long-test-password", Role.ADMIN);
      var tokens = server.getBean(ApiTokenStore.class);
      String bob = tokens.issue("bob", "bob", Role.ADMIN, null).secret();
      String carol = tokens.issue("carol", "carol", Role.ADMIN, null).secret();
      var settings = server.getBean(SettingsStore.class);
      settings.set("test", Setting.CONNECTOR_CLEARTEXT_HOSTS, "127.0.0.1");
      settings.set("test", Setting.CONNECTOR_SECRET_ENV_ALLOW, "SLAPD_PW");
      server.getBean(IdentitySources.class).save("test", "accounts", "openldap", target, "1h");
      var accounts = LiveSourceSpec.parse("openldap", target).accountSource(env::get).readAll();
      var snapshot =
          new IdentitySnapshot(
              HrCsvReader.read(hrFile, "hr.csv"), accounts, List.of(), List.of(), List.of(), 0);
      LocalDate today = LocalDate.now();
      server
          .getBean(IdentityState.class)
          .replace(
              "test",
              today,
              snapshot,
              IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(today)));
      var plans = server.getBean(RemediationPlans.class);
      long id = plans.propose("alice", "alice", "openldap", null, true).id();
      plans.approve("bob", "bob", id, true);
      List<String> order = plans.plan(id).actions().stream().map(a -> a.accountId()).toList();
      assertThat(order).hasSize(LEAVERS);
      ServerLauncher.stop();

      // 1. Killed just after the directory disabled the 2nd account.
      CountDownLatch held = proxy.arm(LdapHoldingProxy.MODIFY_RESPONSE, 2);
      try (ChildServer s = ChildServer.start(home, env, CrashSafetyIT.serverProperties())) {
        CompletableFuture<Integer> run = executeAsync(s.base(), bob, id);
        assertThat(held.await(5, TimeUnit.MINUTES)).as(s.log()).isTrue();
        s.kill();
        run.join();
      }
      assertThat(disabled(slapd, order)).containsExactly(true, true, false, false, false, false);
      try (ChildServer s = ChildServer.start(home, env, CrashSafetyIT.serverProperties())) {
        JsonNode plan = settled(s.base(), bob, id);
        assertThat(states(plan))
            .containsExactly("done", "done", "pending", "pending", "pending", "pending");
        assertThat(plan.get("status").asString()).isEqualTo("partial");
        JsonNode second = plan.get("actions").get(1);
        // the before-state is the one read ahead of the change: enabled, so reversal re-enables
        assertThat(second.get("before").asString()).contains("\"changed\":true");
        assertThat(second.get("outcome").asString())
            .startsWith("disabled (the server stopped after the directory change");

        // 2. Killed just before the directory sees the 4th account's change (2nd modify of this
        // run: the 3rd account goes through).
        CountDownLatch request = proxy.arm(LdapHoldingProxy.MODIFY_REQUEST, 2);
        CompletableFuture<Integer> run = executeAsync(s.base(), bob, id);
        assertThat(request.await(5, TimeUnit.MINUTES)).as(s.log()).isTrue();
        s.kill();
        run.join();
      }
      assertThat(disabled(slapd, order)).containsExactly(true, true, true, false, false, false);
      try (ChildServer s = ChildServer.start(home, env, CrashSafetyIT.serverProperties())) {
        JsonNode plan = settled(s.base(), bob, id);
        assertThat(states(plan))
            .containsExactly("done", "done", "done", "pending", "pending", "pending");
        assertThat(plan.get("actions").get(3).get("outcome").asString())
            .startsWith("interrupted: the server stopped before the directory change");

        // 3. The plan is finished by a further run: every leaver disabled, each exactly once.
        HttpResponse<String> r = post(s.base(), bob, "/api/v1/identity/plans/" + id + "/execute");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        plan = CrashSafetyIT.JSON.readTree(r.body());
        assertThat(plan.get("status").asString()).isEqualTo("done");
        assertThat(states(plan)).containsOnly("done");
        assertThat(disabled(slapd, order)).containsOnly(true);

        // 4. Reversing the action whose record was lost in the kill re-enables that account (two
        // people); before the write-ahead record it said "nothing to reverse".
        String reverse = "/api/v1/identity/plans/" + id + "/actions/2/reverse";
        assertThat(post(s.base(), bob, reverse).statusCode()).isEqualTo(200);
        r = post(s.base(), carol, reverse);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(
                CrashSafetyIT.JSON.readTree(r.body()).get("actions").get(1).get("state").asString())
            .isEqualTo("reversed");
        assertThat(disabled(slapd, order)).containsExactly(true, false, true, true, true, true);
        s.stop();
      }
      // The audit log says what happened: each account disabled once, both interruptions.
      try (Connection c = DatabaseTarget.embedded(home).connect();
          Statement st = c.createStatement()) {
        List<String> disabledAudit = new ArrayList<>();
        try (ResultSet rs =
            st.executeQuery(
                "SELECT target FROM audit_log WHERE action = 'identity.account-disabled'")) {
          while (rs.next()) {
            disabledAudit.add(rs.getString(1));
          }
        }
        assertThat(disabledAudit)
            .containsExactlyInAnyOrderElementsOf(
                order.stream().map(d -> "account:openldap:" + d).toList());
        try (ResultSet rs =
            st.executeQuery(
                "SELECT details FROM audit_log WHERE action = 'identity.remediation-interrupted'"
                    + " ORDER BY seq")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).contains("action=2").contains("done");
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).contains("action=4").contains("pending again");
          assertThat(rs.next()).isFalse();
        }
      }
      CrashSafetyIT.assertIntact(home);
    }
  }

  /** Waits until the start-up check has settled every action the kill left executing. */
  static JsonNode settled(String base, String token, long id) throws Exception {
    for (int i = 0; i < 600; i++) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "/api/v1/identity/plans/" + id))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode plan = CrashSafetyIT.JSON.readTree(r.body());
      if (!states(plan).contains("executing") && plan.get("status").asString().equals("partial")) {
        return plan;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the interrupted actions were not settled after the restart");
  }

  static List<String> states(JsonNode plan) {
    List<String> out = new ArrayList<>();
    plan.get("actions").forEach(a -> out.add(a.get("state").asString()));
    return out;
  }

  static List<Boolean> disabled(SlapdServer slapd, List<String> dns) throws Exception {
    List<Boolean> out = new ArrayList<>();
    try (LDAPConnection c = slapd.admin()) {
      for (String d : dns) {
        out.add(c.getEntry(d, "pwdAccountLockedTime").hasAttribute("pwdAccountLockedTime"));
      }
    }
    return out;
  }

  static CompletableFuture<Integer> executeAsync(String base, String token, long id) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return post(base, token, "/api/v1/identity/plans/" + id + "/execute").statusCode();
          } catch (Exception e) {
            return -1; // the server was killed
          }
        });
  }

  static HttpResponse<String> post(String base, String token, String path) throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
