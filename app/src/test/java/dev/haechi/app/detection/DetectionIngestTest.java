package dev.haechi.app.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.security.Role;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The HTTP ingest path: batches of JSON Lines with an API token, bad lines reported by number
 * without stopping the batch, alerts stored once per rule, principal and day with repeats counted,
 * and back-pressure when the engine stays busy.
 */
class DetectionIngestTest extends ServerTestSupport {
  static final String FORGED =
      "{\"@timestamp\":\"2025-06-24T03:12:45.123Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"1000234\"},\"user\":{\"id\":\"1000234\"}}";
  static final String NORMAL =
      "{\"@timestamp\":\"2025-06-24T03:12:46.000Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2025-01\",\"sub\":\"1000235\"}}";

  @Autowired AlertStore alerts;
  @Autowired DetectionService detection;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void noAlerts() {
    detection.loaded(); // compiled before the first batch (which would otherwise get 429 while it
    // compiles)
    jdbc.update("DELETE FROM alert");
  }

  @Test
  void a_batch_is_evaluated_in_order_bad_lines_are_reported_and_alerts_are_stored_once()
      throws Exception {
    String token = tokenFor("ingest-analyst", Role.ANALYST);
    String batch = FORGED + "\nnot json at all\n" + NORMAL + "\n[1,2]\n";
    mvc.perform(
            post("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .contentType("application/x-ndjson")
                .content(batch))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.events").value(2))
        .andExpect(jsonPath("$.rejected").value(2))
        .andExpect(jsonPath("$.rejections[0]").value(org.hamcrest.Matchers.startsWith("batch:2: ")))
        .andExpect(jsonPath("$.rejections[1]").value("batch:4: not a JSON object"))
        .andExpect(jsonPath("$.alerts").value(1))
        .andExpect(jsonPath("$.newAlerts").value(1));
    mvc.perform(
            post("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .contentType("application/x-ndjson")
                .content(FORGED + "\n"))
        .andExpect(jsonPath("$.newAlerts").value(0));

    var stored = alerts.list("detection", "open", 0, 10).items();
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).ruleId()).isEqualTo("6f0b7a1e-3c55-4b8e-9a51-0c2d7e1f9a01");
    assertThat(stored.get(0).severity()).isEqualTo("critical");
    assertThat(stored.get(0).occurrences()).isEqualTo(2);
    assertThat(stored.get(0).title()).contains("user.id=1000234");
    mvc.perform(
            get("/api/v1/alerts/" + stored.get(0).id()).header("Authorization", "Bearer " + token))
        .andExpect(jsonPath("$.details.alert.event.token.sub").value("1000234"));
    String page =
        mvc.perform(
                get("/alerts/" + stored.get(0).id())
                    .with(
                        org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.user("ingest-analyst")
                            .roles("ANALYST")))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(page)
        .containsPattern("<tr class=\"matched\">\\s*<th><code>token.kid</code>")
        .contains("<code>token.sub</code>")
        .doesNotContainPattern("<tr class=\"matched\">\\s*<th><code>token.sub</code>");
  }

  @Test
  void ingest_needs_an_analyst_token_and_the_rule_inventory_is_readable_by_viewers()
      throws Exception {
    mvc.perform(post("/api/v1/events").contentType("application/x-ndjson").content(FORGED))
        .andExpect(
            status()
                .is(
                    org.hamcrest.Matchers.anyOf(
                        org.hamcrest.Matchers.is(401), org.hamcrest.Matchers.is(403))));
    assertThat(alerts.list("detection", null, 0, 10).total()).isZero();
    String viewer = tokenFor("ingest-viewer", Role.VIEWER);
    mvc.perform(
            post("/api/v1/events")
                .header("Authorization", "Bearer " + viewer)
                .contentType("application/x-ndjson")
                .content(FORGED))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/detection/rules").header("Authorization", "Bearer " + viewer))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.rules[0].id").value("6f0b7a1e-3c55-4b8e-9a51-0c2d7e1f9a01"));
  }

  @Test
  void a_batch_is_refused_with_retry_after_while_the_engine_stays_busy() throws Exception {
    String token = tokenFor("ingest-analyst2", Role.ANALYST);
    PipedWriter writer = new PipedWriter();
    BufferedReader slow = new BufferedReader(new PipedReader(writer));
    CompletableFuture<IngestResult> holding =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return detection.ingest("test", "slow", slow);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    writer.write(NORMAL + "\n");
    writer.flush();
    Thread.sleep(200);
    mvc.perform(
            post("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .contentType("application/x-ndjson")
                .content(FORGED + "\n"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "1"));
    writer.close();
    assertThat(holding.get(10, TimeUnit.SECONDS).events()).isEqualTo(1);
    assertThat(alerts.list("detection", null, 0, 10).total()).isZero();
  }
}
