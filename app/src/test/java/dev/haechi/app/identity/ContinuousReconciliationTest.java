package dev.haechi.app.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.alerts.WebhookDelivery;
import dev.haechi.app.security.Role;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Continuous Leaver Guard through the API: sources read on a schedule, the difference between runs,
 * a failing source that keeps its previous read, and the leaver alert after the grace period,
 * posted to a webhook receiver on loopback.
 */
class ContinuousReconciliationTest extends ServerTestSupport {
  @Autowired ContinuousReconciliation continuous;
  @Autowired AlertStore alerts;
  @Autowired SettingsStore settings;
  @Autowired JdbcTemplate jdbc;
  @Autowired WebhookDelivery webhook;

  Path dir;
  HttpServer receiver;
  final List<String> posted = new CopyOnWriteArrayList<>();
  String admin;

  static final String HR_HEADER =
      "employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,"
          + "termination_date\n";

  @BeforeEach
  void sourcesAndReceiver() throws Exception {
    jdbc.update("DELETE FROM identity_source");
    jdbc.update("DELETE FROM alert");
    dir = Files.createTempDirectory("continuous");
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          posted.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    admin = tokenFor("continuous-admin", Role.ADMIN);
    settings.set(
        "test",
        Setting.ALERT_WEBHOOK_URL,
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    settings.set("test", Setting.LEAVER_GRACE, "24h");
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    settings.set("test", Setting.ALERT_WEBHOOK_URL, "");
  }

  private void writeHr(String... rows) throws Exception {
    Files.writeString(dir.resolve("hr.csv"), HR_HEADER + String.join("\n", rows) + "\n");
  }

  private void writeAccounts(String... rows) throws Exception {
    Files.writeString(
        dir.resolve("crm.csv"),
        "account_id,username,email,employee_id,enabled,privileged,last_login,created\n"
            + String.join("\n", rows)
            + "\n");
  }

  private void addSource(String body) throws Exception {
    mvc.perform(
            post("/api/v1/identity/sources")
                .header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isCreated());
  }

  @Test
  void runs_report_what_changed_and_a_leaver_past_the_grace_period_is_alerted_once()
      throws Exception {
    String left = LocalDate.now().minusDays(3).toString();
    writeHr(
        "E1,jkim@example.org,Jae,Kim,Platform,Engineer,,terminated,2022-11-07," + left,
        "E2,slee@example.org,Su,Lee,Platform,Engineer,,active,2021-01-04,");
    writeAccounts(
        "c-1,jkim,jkim@example.org,E1,true,false,,", "c-2,slee,slee@example.org,E2,true,false,,");
    addSource("{\"kind\":\"hr\",\"location\":\"" + dir.resolve("hr.csv") + "\",\"every\":\"1h\"}");
    addSource(
        "{\"kind\":\"accounts\",\"system\":\"crm\",\"location\":\""
            + dir.resolve("crm.csv")
            + "\",\"every\":\"1h\"}");

    String analyst = tokenFor("continuous-analyst", Role.ANALYST);
    mvc.perform(post("/api/v1/identity/runs").header("Authorization", "Bearer " + analyst))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("complete"))
        .andExpect(jsonPath("$.alertsRaised").value(1));
    var open = alerts.list("identity", "open", 0, 10);
    assertThat(open.items()).hasSize(1);
    assertThat(open.items().get(0).ruleId()).isEqualTo("leaver-active-account");
    assertThat(open.items().get(0).dedupKey()).contains("E1").contains("crm:c-1");
    webhook.deliverPending();
    assertThat(posted).hasSize(1);
    assertThat(posted.get(0)).contains("\"rule\":\"leaver-active-account\"").contains("E1");

    // A second leaver (terminated today: still within the grace period) and a new account.
    writeHr(
        "E1,jkim@example.org,Jae,Kim,Platform,Engineer,,terminated,2022-11-07," + left,
        "E2,slee@example.org,Su,Lee,Platform,Engineer,,terminated,2021-01-04," + LocalDate.now(),
        "E3,mpark@example.org,Min,Park,Platform,Engineer,,active,2023-01-04,");
    writeAccounts(
        "c-1,jkim,jkim@example.org,E1,true,false,,",
        "c-2,slee,slee@example.org,E2,true,false,,",
        "c-3,mpark,mpark@example.org,E3,true,false,,");
    var run = continuous.run("test", true);
    assertThat(run.diff().baseline()).isFalse();
    assertThat(run.diff().newLeavers()).containsExactly("E2");
    assertThat(run.diff().newAccounts()).containsExactly("crm:c-3");
    assertThat(run.alertsRaised()).isZero();
    assertThat(alerts.list("identity", null, 0, 10).total()).isEqualTo(1);

    mvc.perform(get("/api/v1/identity/runs").header("Authorization", "Bearer " + analyst))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].new_leavers").value(1))
        .andExpect(jsonPath("$[0].diff.newAccounts[0]").value("crm:c-3"));
    String page =
        mvc.perform(
                get("/identity/runs")
                    .with(
                        org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.user("continuous-analyst")
                            .roles("ANALYST")))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page).contains("<code>E2</code>").contains("<td>crm</td>");
  }

  @Test
  void a_source_that_fails_keeps_its_previous_read_and_the_run_names_it() throws Exception {
    writeHr("E1,jkim@example.org,Jae,Kim,Platform,Engineer,,terminated,2022-11-07,2024-12-13");
    writeAccounts("c-1,jkim,jkim@example.org,E1,true,false,,");
    addSource("{\"kind\":\"hr\",\"location\":\"" + dir.resolve("hr.csv") + "\"}");
    addSource(
        "{\"kind\":\"accounts\",\"system\":\"crm\",\"location\":\""
            + dir.resolve("crm.csv")
            + "\"}");
    assertThat(continuous.run("test", true).status()).isEqualTo("complete");

    Files.writeString(dir.resolve("crm.csv"), "account_id,enabled\nc-9,maybe\n");
    var run = continuous.run("test", true);
    assertThat(run.status()).isEqualTo("stale-sources");
    assertThat(run.failedSources()).singleElement().asString().startsWith("crm: ");
    assertThat(run.accounts()).isEqualTo(1);
    assertThat(run.findings()).isPositive();
    mvc.perform(get("/api/v1/identity/sources").header("Authorization", "Bearer " + admin))
        .andExpect(jsonPath("$[?(@.name=='crm')].lastStatus").value("failed"))
        .andExpect(
            jsonPath("$[?(@.name=='crm')].lastError")
                .value(org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("2"))));
  }

  @Test
  void sources_are_for_admins_and_bad_ones_are_refused_with_the_field() throws Exception {
    String analyst = tokenFor("continuous-analyst2", Role.ANALYST);
    mvc.perform(
            post("/api/v1/identity/sources")
                .header("Authorization", "Bearer " + analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"hr\",\"location\":\"/tmp/hr.csv\"}"))
        .andExpect(status().isForbidden());
    mvc.perform(
            post("/api/v1/identity/sources")
                .header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"hr\",\"location\":\"/tmp/hr.csv\",\"every\":\"5s\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("every:")));
    mvc.perform(
            post("/api/v1/identity/sources")
                .header("Authorization", "Bearer " + admin)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"kind\":\"accounts\",\"location\":\"/tmp/a.csv\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("system:")));
  }
}
