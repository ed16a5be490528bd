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

  /**
   * Issue 11 item 11: the server's ingest path with the built-in identity-aware pack, no rule that
   * names a kid. Leaver Guard's reconciliation says the key behind kid auth-2022-01 had a custodian
   * who left on 2025-05-01 and was never rotated; a token signed with it on 2025-06-24 raises the
   * built-in "retired or custodian-left key" alert, and a token signed with the current key (held
   * by someone still employed) does not.
   */
  @Test
  void the_built_in_identity_aware_pack_alerts_on_a_token_signed_with_a_leavers_key(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("hr.csv"),
        """
        employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,termination_date
        E9001,kleaver@retail.example,K,Leaver,Platform,Engineer,,terminated,2019-03-01,2025-05-01
        E9002,cstays@retail.example,C,Stays,Platform,Engineer,,active,2019-03-01,
        """);
    java.nio.file.Files.writeString(
        dir.resolve("secrets.csv"),
        """
        secret_id,kind,system,location,created,last_rotated,max_age,custodians
        token-signer-2022,signing-key,gateway,transit/keys/token-signer-2022;jwks:auth#auth-2022-01,2022-01-10,2022-01-10,3650d,E9001
        token-signer-2025,signing-key,gateway,transit/keys/token-signer-2025;jwks:auth#auth-2025-01,2025-01-10,2025-01-10,3650d,E9002
        """);
    var snapshot = dev.haechi.identity.readers.IdentityDirectory.read(dir);
    java.time.LocalDate asOf = java.time.LocalDate.of(2025, 6, 30);
    try {
      replaceIdentity(
          snapshot,
          asOf,
          dev.haechi.identity.IdentityReconciler.reconcile(
              snapshot, dev.haechi.identity.ReconcileOptions.asOf(asOf)));
      String token = tokenFor("ingest-analyst3", Role.ANALYST);
      mvc.perform(
              post("/api/v1/events")
                  .header("Authorization", "Bearer " + token)
                  .contentType("application/x-ndjson")
                  .content(FORGED + "\n" + NORMAL + "\n"))
          .andExpect(status().isOk())
          .andExpect(jsonPath("$.events").value(2));
      var builtin =
          alerts.list("detection", "open", 0, 20).items().stream()
              .filter(
                  a -> a.ruleId().equals(dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY))
              .toList();
      assertThat(builtin).as("one built-in alert, for the leaver's key only").hasSize(1);
      assertThat(builtin.get(0).severity()).isEqualTo("critical");
      mvc.perform(
              get("/api/v1/alerts/" + builtin.get(0).id())
                  .header("Authorization", "Bearer " + token))
          .andExpect(jsonPath("$.details.alert.event.token.kid").value("auth-2022-01"))
          .andExpect(jsonPath("$.details.alert.event.token.sub").value("1000234"));
    } finally {
      // leave no identity facts behind for the other tests of this shared server
      var empty =
          new dev.haechi.identity.model.IdentitySnapshot(
              java.util.List.of(),
              java.util.List.of(),
              java.util.List.of(),
              java.util.List.of(),
              java.util.List.of(),
              0);
      replaceIdentity(
          empty,
          asOf,
          dev.haechi.identity.IdentityReconciler.reconcile(
              empty, dev.haechi.identity.ReconcileOptions.asOf(asOf)));
    }
  }

  @Autowired dev.haechi.app.identity.IdentityState identity;

  /** Replaces the server's identity facts and waits until the engine has them (off-path). */
  private void replaceIdentity(
      dev.haechi.identity.model.IdentitySnapshot snapshot,
      java.time.LocalDate asOf,
      dev.haechi.identity.ReconcileResult result)
      throws Exception {
    identity.replace("test", asOf, snapshot, result);
    detection.ingest("test", "refresh", new BufferedReader(new java.io.StringReader("")));
    long deadline = System.currentTimeMillis() + 30_000;
    while (detection.loaded().identityVersion() != identity.version()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(detection.loaded().identityVersion()).isEqualTo(identity.version());
  }
}
