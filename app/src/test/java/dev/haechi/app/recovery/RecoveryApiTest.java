package dev.haechi.app.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.demo.DemoLoader;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.security.Role;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restoration through the API on the small government demo after the battery-room fire: the plan
 * with its bounds, crews' reports (refused with a reason when out of order or for unknown systems,
 * and audited), the re-plan with reported work pinned, and the public status page following along
 * with each service's state and ETA.
 */
@TestPropertySource(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:haechi-recovery-test;DB_CLOSE_DELAY=-1",
      "haechi.recovery.replan-limit=1s"
    })
class RecoveryApiTest extends ServerTestSupport {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired CatalogStore catalogs;
  @Autowired AuditLog audit;
  @Autowired RecoveryService recovery;
  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;
  @Autowired org.springframework.transaction.PlatformTransactionManager transactions;
  @Autowired dev.haechi.app.status.StatusStore statusStore;
  @Autowired dev.haechi.app.status.StatusBoard board;
  String analyst;

  @BeforeEach
  void governmentCatalog() throws Exception {
    if (catalogs.latest("government").isEmpty()) {
      Path dir = Files.createTempDirectory("haechi-recovery");
      var generated =
          DemoOrganisations.generate(
              dir, new DemoOptions(DemoOptions.DEFAULT_SEED, 0.01, Set.of("government")));
      catalogs.importCatalog(
          "test",
          "government",
          "recovery test",
          DemoLoader.yamlFiles(generated.get(0).directory()));
    }
    analyst = tokenFor("recovery-analyst", Role.ANALYST);
  }

  private ResultActions call(String path, String body) throws Exception {
    return mvc.perform(
        post(path)
            .header("Authorization", "Bearer " + analyst)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body));
  }

  private JsonNode getJson(String path) throws Exception {
    return JSON.readTree(
        mvc.perform(get(path).header("Authorization", "Bearer " + analyst))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private JsonNode publicSummary() throws Exception {
    return JSON.readTree(
        mvc.perform(get("/api/v2/summary.json"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString());
  }

  private static JsonNode component(JsonNode summary, String publicName) {
    for (JsonNode c : summary.path("components")) {
      if (publicName.equals(c.path("name").asString())) {
        return c;
      }
    }
    throw new AssertionError("no component " + publicName + " in " + summary);
  }

  /**
   * Starts a restoration through the API (answered at once, 202) and follows its progress address
   * until the plan is ready; returns the restoration then under way.
   */
  private JsonNode started(String body) throws Exception {
    JsonNode answer =
        JSON.readTree(
            call("/api/v1/recovery", body)
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString());
    JsonNode done = awaitStart(answer.path("id").asLong());
    assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("planned");
    JsonNode r = getJson("/api/v1/recovery");
    assertThat(r.path("id").asLong()).isEqualTo(answer.path("id").asLong());
    return r;
  }

  /** Polls a start's progress address until it is no longer planning. */
  private JsonNode awaitStart(long id) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
    while (true) {
      JsonNode s = getJson("/api/v1/recovery/starts/" + id);
      if (!"planning".equals(s.path("state").asString()) || System.nanoTime() > deadline) {
        return s;
      }
      Thread.sleep(100);
    }
  }

  /** Audit records about {@code target}, oldest first. */
  private List<String> auditedActions(String target) {
    return audit.page(0, 500).stream()
        .filter(r -> target.equals(r.target()))
        .sorted(java.util.Comparator.comparingLong(r -> r.seq()))
        .map(r -> r.action())
        .toList();
  }

  /**
   * Issue 12 item 8: a restoration's start answers at once (202) with its id, state and progress
   * address while the planner works in the background; another start meanwhile is refused (409)
   * naming the first; the restoration under way stays in use until the new plan is ready; the
   * request, and the plan when it is ready, are audited. The test holds the service's lock, which
   * the background planner needs to save its plan, so the start stays {@code planning} for as long
   * as the test looks (before the change, the request itself planned and saved, so it could not
   * answer while the lock was held).
   */
  @Test
  void a_start_answers_at_once_and_the_plan_is_made_in_the_background() throws Exception {
    Long before = recovery.current().map(Restoration::id).orElse(null);
    String body =
        "{\"lost\":[\"zone:dj-5f-r7\"],\"event\":\"fire\",\"crews\":3,\"timeLimit\":\"2s\"}";
    long id;
    synchronized (recovery) {
      var res = call("/api/v1/recovery", body).andExpect(status().isAccepted()).andReturn();
      JsonNode answer = JSON.readTree(res.getResponse().getContentAsString());
      id = answer.path("id").asLong();
      assertThat(answer.path("state").asString()).isEqualTo("planning");
      assertThat(answer.path("progress").asString()).isEqualTo("/api/v1/recovery/starts/" + id);
      assertThat(res.getResponse().getHeader("Location"))
          .isEqualTo("/api/v1/recovery/starts/" + id);
      assertThat(answer.path("planLimitSeconds").asInt()).isEqualTo(2);
      assertThat(answer.path("underWay").asBoolean()).isFalse();
      assertThat(answer.path("lost").toString()).isEqualTo("[\"zone:dj-5f-r7\"]");
      // the planner finishes its search (2 s at most) and waits for the lock to save its plan
      JsonNode saving = getJson("/api/v1/recovery/starts/" + id);
      for (int i = 0; i < 1200 && !"saving".equals(saving.path("phase").asString()); i++) {
        Thread.sleep(100);
        saving = getJson("/api/v1/recovery/starts/" + id);
      }
      assertThat(saving.path("phase").asString()).as(saving.toString()).isEqualTo("saving");
      assertThat(saving.path("state").asString()).isEqualTo("planning");
      // one start at a time: the second is refused, naming the first
      call("/api/v1/recovery", body)
          .andExpect(status().isConflict())
          .andExpect(
              jsonPath("$.detail")
                  .value(
                      org.hamcrest.Matchers.allOf(
                          org.hamcrest.Matchers.startsWith("restoration " + id + " (fire"),
                          org.hamcrest.Matchers.containsString("is still being planned"))))
          .andExpect(jsonPath("$.progress").value("/api/v1/recovery/starts/" + id));
      // the restoration under way is still the one before (or none)
      if (before == null) {
        mvc.perform(get("/api/v1/recovery").header("Authorization", "Bearer " + analyst))
            .andExpect(status().isBadRequest());
        call(
                "/api/v1/recovery/updates",
                "{\"system\":\"component:default/x\",\"state\":\"restoring\"}")
            .andExpect(status().isBadRequest())
            .andExpect(
                jsonPath("$.detail")
                    .value(
                        "no restoration under way yet: restoration "
                            + id
                            + " is being planned; report once its plan is ready"));
      } else {
        assertThat(getJson("/api/v1/recovery").path("id").asLong()).isEqualTo(before);
      }
      assertThat(auditedActions("restoration:" + id)).containsExactly("recovery.start-requested");
    }
    JsonNode done = awaitStart(id);
    assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("planned");
    assertThat(done.path("underWay").asBoolean()).isTrue();
    assertThat(done.path("plannedAt").asString()).isNotEmpty();
    assertThat(getJson("/api/v1/recovery").path("id").asLong()).isEqualTo(id);
    assertThat(auditedActions("restoration:" + id))
        .containsExactly("recovery.start-requested", "recovery.started");
    if (before != null) {
      assertThat(getJson("/api/v1/recovery/starts/" + before).path("underWay").asBoolean())
          .isFalse();
    }
  }

  /** A plan known to be impossible (no crew may take some task) is refused at once; none stored. */
  @Test
  void an_impossible_start_is_refused_at_once_and_nothing_is_stored() throws Exception {
    Long latest = jdbc.queryForObject("SELECT MAX(id) FROM restoration", Long.class);
    call(
            "/api/v1/recovery",
            "{\"lost\":[\"zone:dj-5f-r7\"],\"crewList\":[{\"name\":\"electric\","
                + "\"skills\":[\"power\"]}]}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("no crew may take")));
    call("/api/v1/recovery", "{\"lost\":[\"zone:no-such-room\"]}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.containsString("unknown zone 'no-such-room'")));
    assertThat(jdbc.queryForObject("SELECT MAX(id) FROM restoration", Long.class))
        .isEqualTo(latest);
  }

  /**
   * A server stopped (killed) while a start was planning leaves it {@code planning} in the store;
   * the next start of the service marks it {@code interrupted} with the reason, audited once, and
   * never uses it: the restoration under way before stays under way. (CrashSafetyIT kills a real
   * server mid-plan.)
   */
  @Test
  void a_start_left_planning_by_a_stopped_server_is_interrupted_at_the_next_start()
      throws Exception {
    Long before = recovery.current().map(Restoration::id).orElse(null);
    var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
    jdbc.update(
        "INSERT INTO restoration (catalog_name, lost, event_kind, event_at, crews, created_by,"
            + " created_at, plan_state, plan_limit_ms) VALUES ('government', 'zone:dj-5f-r7',"
            + " 'fire', ?, 3, 'killed-server-user', ?, 'planning', 30000)",
        now,
        now);
    long id = jdbc.queryForObject("SELECT MAX(id) FROM restoration", Long.class);
    var restarted =
        new RecoveryService(
            jdbc,
            audit,
            catalogs,
            statusStore,
            board,
            transactions,
            java.time.Duration.ofSeconds(1));
    try {
      var s = restarted.startStatus(id).orElseThrow();
      assertThat(s.state()).isEqualTo("interrupted");
      assertThat(s.detail()).startsWith("the server stopped before the plan was ready");
      assertThat(s.underWay()).isFalse();
      assertThat(restarted.latestStart().orElseThrow().id()).isEqualTo(id);
      assertThat(restarted.current().map(Restoration::id).orElse(null)).isEqualTo(before);
      assertThat(auditedActions("restoration:" + id)).containsExactly("recovery.start-interrupted");
      JsonNode shown = getJson("/api/v1/recovery/starts/" + id);
      assertThat(shown.path("state").asString()).isEqualTo("interrupted");
      assertThat(shown.path("reason").asString()).contains("start it again");
    } finally {
      restarted.destroy();
    }
  }

  /** Issue 12 item 8: the planner's time limit is capped at 5 minutes (default 30 s). */
  @Test
  void a_planner_time_limit_over_five_minutes_is_refused() throws Exception {
    call(
            "/api/v1/recovery",
            "{\"lost\":[\"zone:dj-5f-r7\"],\"event\":\"fire\",\"crews\":3,"
                + "\"timeLimit\":\"2h\"}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.startsWith("timeLimit: between 1s and 5m")));
  }

  /**
   * Issue 14: crews with sites and skills through the API, and the restoration JSON carries what
   * the CLI's plan JSON has (tasks as entity/crew/start/end, rebuilds, effortDefaulted).
   */
  @Test
  void a_restoration_takes_crews_with_sites_and_skills_and_shows_the_plan_as_the_cli_does()
      throws Exception {
    JsonNode planned =
        started(
            "{\"lost\":[\"zone:dj-5f-r7\"],\"event\":\"fire\",\"at\":\"2025-09-26T11:20:00Z\","
                + "\"timeLimit\":\"2s\",\"crewList\":[{\"name\":\"electric\",\"site\":\"daejeon\","
                + "\"skills\":[\"power\",\"cooling\"]},{\"name\":\"general\",\"count\":3}]}");
    assertThat(planned.path("crews").asInt()).isEqualTo(4);
    JsonNode r = getJson("/api/v1/recovery");
    assertThat(r.path("crewList").toString())
        .contains(
            "{\"name\":\"electric\",\"site\":\"daejeon\",\"skills\":[\"cooling\",\"power\"]}");
    assertThat(r.path("tasks").size()).isPositive();
    java.util.Map<String, String> crewOf = new java.util.HashMap<>();
    for (JsonNode t : r.path("tasks")) {
      assertThat(dev.haechi.core.Durations.parse(t.path("end").asString()))
          .isGreaterThanOrEqualTo(dev.haechi.core.Durations.parse(t.path("start").asString()));
      crewOf.put(t.path("entity").asString(), t.path("crew").asString());
    }
    // the electrical crew takes only power and cooling work (the burned UPS battery); any crew
    // without skills may take anything
    assertThat(crewOf).containsKey("powerasset:default/dj-ups-5f-a");
    crewOf.forEach(
        (entity, crew) -> {
          if (crew.equals("electric")) {
            assertThat(entity).startsWith("powerasset:");
          }
        });
    assertThat(crewOf.values()).allMatch(c -> c.equals("electric") || c.startsWith("general-"));
    assertThat(r.path("rebuilds").isArray()).isTrue();
    assertThat(r.path("effortDefaulted").toString()).contains("powerasset:default/dj-ups-5f-a");

    call(
            "/api/v1/recovery",
            "{\"lost\":[\"zone:dj-5f-r7\"],\"crewList\":[{\"name\":\"a\",\"site\":\"busan\"}]}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value(org.hamcrest.Matchers.containsString("crewList[0]: site 'busan'")));
  }

  @Test
  void crews_reports_move_the_plan_the_progress_and_the_public_page() throws Exception {
    started(
        "{\"lost\":[\"zone:dj-5f-r7\"],\"event\":\"fire\",\"at\":\"2025-09-26T11:20:00Z\","
            + "\"crews\":3,\"timeLimit\":\"2s\"}");
    JsonNode started = getJson("/api/v1/recovery");
    assertThat(started.path("restored").asInt()).isZero();
    assertThat(started.path("plan").path("makespanGapPercent").isNumber()).isTrue();
    assertThat(started.path("plan").path("makespanHours").asDouble())
        .isGreaterThanOrEqualTo(started.path("plan").path("makespanBoundHours").asDouble());
    assertThat(started.path("progress").asString()).startsWith("0 of ");

    JsonNode service = started.path("services").get(0);
    String publicName = service.path("publicName").asString();
    List<String> systems = service.path("systems").valueStream().map(JsonNode::asString).toList();
    JsonNode before = component(publicSummary(), publicName);
    assertThat(before.path("status").asString()).isEqualTo("major_outage");
    // The fire is in the past and nothing was reported: the remaining work is planned from now.
    assertThat(java.time.OffsetDateTime.parse(before.path("haechi_eta").asString()).toInstant())
        .isAfter(java.time.Instant.now());
    String page = mvc.perform(get("/status")).andReturn().getResponse().getContentAsString();
    assertThat(page).contains("expected back</span>");

    // Out of order and unknown systems are refused with a reason, and audited.
    call(
            "/api/v1/recovery/updates",
            "{\"system\":\"" + systems.get(0) + "\",\"state\":\"restored\",\"crew\":\"crew-1\"}")
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(systems.get(0))));
    call(
            "/api/v1/recovery/updates",
            "{\"system\":\"component:default/nope\",\"state\":\"restoring\"}")
        .andExpect(status().isBadRequest());
    assertThat(audit.page(0, 10)).extracting(r -> r.action()).contains("recovery.update-refused");

    String at = "2025-09-26T12:00:00Z";
    for (String s : systems) {
      call(
              "/api/v1/recovery/updates",
              "{\"system\":\""
                  + s
                  + "\",\"state\":\"restoring\",\"crew\":\"crew-1\",\"at\":\""
                  + at
                  + "\"}")
          .andExpect(status().isOk());
    }
    for (String s : systems) {
      call(
              "/api/v1/recovery/updates",
              "{\"system\":\""
                  + s
                  + "\",\"state\":\"restored\",\"crew\":\"crew-1\",\"at\":\"2025-09-26T15:00:00Z\"}")
          .andExpect(status().isOk());
    }
    JsonNode after = getJson("/api/v1/recovery");
    assertThat(after.path("restored").asInt()).isEqualTo(systems.size());
    assertThat(after.path("progress").asString()).startsWith(systems.size() + " of ");
    JsonNode restored = component(publicSummary(), publicName);
    assertThat(restored.path("status").asString()).isEqualTo("operational");
    assertThat(restored.path("haechi_eta").isNull()).isTrue();

    call("/api/v1/recovery/replan", "{}").andExpect(status().isOk());
    JsonNode rows = getJson("/api/v1/recovery/systems");
    for (JsonNode row : rows) {
      if (systems.contains(row.path("system").asString())) {
        assertThat(row.path("state").asString()).isEqualTo("restored");
        assertThat(row.path("eta").asString()).isEqualTo("2025-09-26T15:00:00Z");
      }
    }
    JsonNode curve = getJson("/api/v1/recovery/curve");
    assertThat(curve.path("actual").size()).isPositive();
    assertThat(curve.path("planned").size()).isPositive();
  }

  @Test
  void a_service_back_drops_its_advice_and_its_milestone_is_an_incident_update_with_its_time()
      throws Exception {
    started(
        "{\"lost\":[\"zone:dj-5f-r7\"],\"event\":\"fire\",\"at\":\"2025-09-26T11:20:00Z\","
            + "\"crews\":3,\"timeLimit\":\"2s\"}");
    JsonNode started = getJson("/api/v1/recovery");
    JsonNode service = started.path("services").get(0);
    String publicName = service.path("publicName").asString();
    List<String> systems = service.path("systems").valueStream().map(JsonNode::asString).toList();
    String id = component(publicSummary(), publicName).path("id").asString();
    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                    "/api/v1/status/components/" + id)
                .header("Authorization", "Bearer " + analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":\"major_outage\",\"instead\":\"Visit a centre.\"}"))
        .andExpect(status().isOk());
    call(
            "/api/v1/status/incidents",
            "{\"name\":\"Milestone fire\",\"status\":\"identified\",\"impact\":\"critical\","
                + "\"body\":\"Crews are at work.\",\"components\":[\""
                + id
                + "\"]}")
        .andExpect(status().isCreated());
    assertThat(component(publicSummary(), publicName).path("description").asString())
        .isEqualTo("Visit a centre.");

    for (String s : systems) {
      call(
              "/api/v1/recovery/updates",
              "{\"system\":\"" + s + "\",\"state\":\"restoring\",\"at\":\"2025-09-26T12:00:00Z\"}")
          .andExpect(status().isOk());
    }
    for (String s : systems) {
      call(
              "/api/v1/recovery/updates",
              "{\"system\":\"" + s + "\",\"state\":\"restored\",\"at\":\"2025-09-26T15:00:00Z\"}")
          .andExpect(status().isOk());
    }
    JsonNode summary = publicSummary();
    JsonNode back = component(summary, publicName);
    assertThat(back.path("status").asString()).isEqualTo("operational");
    assertThat(back.path("description").isNull()).as("advice dropped: %s", back).isTrue();
    JsonNode incident = null;
    for (JsonNode i : summary.path("incidents")) {
      if ("Milestone fire".equals(i.path("name").asString())) {
        incident = i;
      }
    }
    assertThat(incident).as("open incident in %s", summary).isNotNull();
    JsonNode milestone = null;
    for (JsonNode u : incident.path("incident_updates")) {
      if (u.path("body").asString().startsWith(publicName + " is back")) {
        milestone = u;
      }
    }
    assertThat(milestone).as("milestone update in %s", incident).isNotNull();
    assertThat(milestone.path("created_at").asString()).isEqualTo("2025-09-26T15:00:00Z");
    assertThat(milestone.path("body").asString()).contains("Fri 26 Sep, 15:00 UTC");
    int updates = incident.path("incident_updates").size();

    // Told once: a re-plan (which publishes again) adds nothing.
    call("/api/v1/recovery/replan", "{}").andExpect(status().isOk());
    for (JsonNode i : publicSummary().path("incidents")) {
      if ("Milestone fire".equals(i.path("name").asString())) {
        assertThat(i.path("incident_updates").size()).isEqualTo(updates);
      }
    }
  }
}
