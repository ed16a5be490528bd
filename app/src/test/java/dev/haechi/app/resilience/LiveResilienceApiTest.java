package dev.haechi.app.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.security.Role;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports posted to the server open live findings at once, with an alert in the queue; a report
 * that clears the condition closes the finding and its alert; bad lines are named and skipped; only
 * analysts may post; the public status page shows none of it; the console draws the timeline.
 */
@TestPropertySource(
    properties = {"spring.datasource.url=jdbc:h2:mem:haechi-live-test;DB_CLOSE_DELAY=-1"})
class LiveResilienceApiTest extends ServerTestSupport {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Instant AS_OF = Instant.parse("2026-06-30T09:05:00Z");
  static final String CATALOG =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: z1}
      spec: {site: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: z2}
      spec: {site: s1}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: fare-db
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/rpo: 5m
          haechi.dev/public-name: Fares
          haechi.dev/placement: "z1:primary, z2:replica-async"
      """;

  @Autowired CatalogStore catalogs;
  @Autowired LiveResilience live;
  @Autowired AlertStore alerts;
  String analyst;

  @BeforeEach
  void catalog() {
    if (catalogs.latest("live-test").isEmpty()) {
      catalogs.importCatalog("test", "live-test", "live test", Map.of("c.yaml", CATALOG));
    }
    live.pinAsOf("live-test", AS_OF);
    analyst = tokenFor("live-analyst", Role.ANALYST);
  }

  private ResultActions postReports(String token, String body) throws Exception {
    return mvc.perform(
        post("/api/v1/resilience/reports?catalog=live-test")
            .header("Authorization", "Bearer " + token)
            .contentType("application/x-ndjson")
            .content(body));
  }

  private org.springframework.mock.web.MockHttpSession signIn() throws Exception {
    var login =
        mvc.perform(
                post("/login")
                    .with(
                        org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.csrf())
                    .param("username", "live-analyst")
                    .param("password", PASSWORD))
            .andReturn();
    return (org.springframework.mock.web.MockHttpSession) login.getRequest().getSession(false);
  }

  private static String lag(String time, String lag) {
    return "{\"time\":\""
        + time
        + "\",\"kind\":\"replication\",\"of\":\"resource:default/fare-db\",\"zone\":\"z2\","
        + "\"lag\":\""
        + lag
        + "\"}\n";
  }

  @Test
  void a_lag_over_the_rpo_opens_a_finding_and_an_alert_and_a_recovery_closes_both()
      throws Exception {
    JsonNode first =
        JSON.readTree(
            postReports(analyst, lag("2026-06-30T09:00:00Z", "42m") + "not json\n")
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(first.path("accepted").asInt()).isEqualTo(1);
    assertThat(first.path("bad").toString()).contains(":2: not JSON");
    assertThat(first.path("opened").toString())
        .contains("replication-lag-over-rpo")
        .contains("live-rpo-breach");
    var open = alerts.list("resilience", "open", 0, 50).items();
    assertThat(open)
        .anyMatch(
            a -> a.ruleId().equals("replication-lag-over-rpo") && a.title().contains("fare-db"));

    // the console shows the entity's timeline chart and the finding
    String page =
        mvc.perform(
                get("/resilience/live/entity?catalog=live-test&ref=resource:default/fare-db")
                    .session(signIn()))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .contains("id=\"live-chart\"")
        .contains("<polyline")
        .contains("replication-lag-over-rpo");

    // internal only: the public status page does not mention it
    String summary =
        mvc.perform(get("/api/v2/summary.json")).andReturn().getResponse().getContentAsString();
    assertThat(summary).doesNotContain("replication-lag").doesNotContain("live-rpo");

    JsonNode second =
        JSON.readTree(
            postReports(analyst, lag("2026-06-30T09:04:00Z", "2s"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(second.path("closed").toString())
        .contains("replication-lag-over-rpo")
        .contains("live-rpo-breach");
    assertThat(alerts.list("resilience", "open", 0, 50).items())
        .noneMatch(
            a ->
                a.ruleId().equals("replication-lag-over-rpo")
                    && a.dedupKey().startsWith("live:live-test:"));
    JsonNode view =
        JSON.readTree(
            mvc.perform(
                    get("/api/v1/resilience/live/live-test")
                        .header("Authorization", "Bearer " + analyst))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(view.path("findings").toString()).doesNotContain("replication-lag-over-rpo");
    assertThat(view.path("recovered").toString()).contains("replication-lag-over-rpo");
    assertThat(view.path("opened").toString()).contains("closedAt");
  }

  /**
   * Issue 14 item 5: a re-check reads only the rows stored since the last one (the server used to
   * re-read and re-parse its whole 120-day window every minute), and its answer equals a full
   * re-read after each post.
   */
  @Test
  void a_re_check_applies_only_new_reports_and_equals_a_full_re_read() throws Exception {
    // its own catalog, so that its reports do not change what the other tests see
    String name = "live-incremental";
    if (catalogs.latest(name).isEmpty()) {
      catalogs.importCatalog("test", name, "live test", Map.of("c.yaml", CATALOG));
    }
    live.pinAsOf(name, AS_OF);
    java.util.SplittableRandom random = new java.util.SplittableRandom(14);
    Instant t = AS_OF.minus(java.time.Duration.ofHours(6));
    for (int post = 0; post < 6; post++) {
      StringBuilder body = new StringBuilder();
      for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
        t = t.plus(java.time.Duration.ofMinutes(random.nextInt(40)));
        body.append(lag((t.isAfter(AS_OF) ? AS_OF : t).toString(), random.nextInt(600) + "s"));
      }
      postTo(name, body.toString()).andExpect(status().isOk());
      assertThat(live.current(name)).isEqualTo(live.fullCheck(name));
    }
    long before = live.rowsRead();
    live.recheck(name);
    assertThat(live.rowsRead()).as("nothing new, nothing read again").isEqualTo(before);
    postTo(name, lag("2026-06-30T09:03:00Z", "1s")).andExpect(status().isOk());
    assertThat(live.rowsRead()).as("one new line, one row read").isEqualTo(before + 1);
    assertThat(live.current(name)).isEqualTo(live.fullCheck(name));
  }

  private ResultActions postTo(String catalogName, String body) throws Exception {
    return mvc.perform(
        post("/api/v1/resilience/reports?catalog=" + catalogName)
            .header("Authorization", "Bearer " + analyst)
            .contentType("application/x-ndjson")
            .content(body));
  }

  @Test
  void viewers_cannot_post_reports_and_strangers_are_refused() throws Exception {
    String viewer = tokenFor("live-viewer", Role.VIEWER);
    postReports(viewer, lag("2026-06-30T09:00:00Z", "1s")).andExpect(status().isForbidden());
    mvc.perform(
            post("/api/v1/resilience/reports?catalog=live-test")
                .contentType("application/x-ndjson")
                .content(lag("2026-06-30T09:00:00Z", "1s")))
        .andExpect(r -> assertThat(r.getResponse().getStatus()).isIn(401, 403));
  }

  @Test
  void a_report_from_the_future_is_flagged_and_not_stored() throws Exception {
    JsonNode r =
        JSON.readTree(
            postReports(analyst, lag("2026-07-30T09:00:00Z", "1s"))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    assertThat(r.path("accepted").asInt()).isZero();
    assertThat(r.path("future").toString()).contains(":1: dated 2026-07-30T09:00:00Z");
  }
}
