package dev.haechi.app.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.resilience.CatalogStore;
import dev.haechi.app.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The status page outlives its host: every change is copied to the publish targets, a failing
 * target is retried with backoff and raises an alert without holding up the page, and only admins
 * configure targets (audited).
 */
class StatusPublishingTest extends ServerTestSupport {
  @Autowired CatalogStore catalogs;
  @Autowired PublishTargetStore targets;
  @Autowired AlertStore alerts;
  @Autowired AuditLog audit;
  @Autowired StatusBoard board;
  @Autowired StatusPublisher publisher;

  @TempDir Path dir;

  @BeforeEach
  void catalog() {
    if (catalogs.names().isEmpty()) {
      catalogs.importCatalog("test", "gov", "test", Map.of("catalog.yaml", StatusPageTest.CATALOG));
    }
  }

  @AfterEach
  void removeTargets() throws InterruptedException {
    // Targets live in the shared store: leave none behind for other tests' page changes.
    for (PublishTarget t : targets.list()) {
      targets.remove("test", t.id());
    }
    // An attempt still writing into the temp folder would make its deletion fail (seen in CI).
    await("no publish attempt in flight", publisher::idle);
  }

  String admin() {
    return "Bearer " + tokenFor("publish-admin", Role.ADMIN);
  }

  static void await(String what, BooleanSupplier done) throws InterruptedException {
    Instant until = Instant.now().plus(Duration.ofSeconds(20));
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(until)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  PublishTarget target(String name) {
    return targets.list().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void a_directory_copy_takes_the_page_when_added_and_again_on_every_change() throws Exception {
    Path web = dir.resolve("www");
    mvc.perform(
            post("/api/v1/admin/status-targets")
                .header("Authorization", admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"name\":\"web-mirror\",\"kind\":\"directory\",\"location\":\""
                        + web
                        + "\",\"cacheSeconds\":15}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.name").value("web-mirror"));
    await("the first publish", () -> target("web-mirror").lastSuccessAt() != null);

    // The copy answers the same addresses as the server: page, feed and every Statuspage document.
    for (String key :
        new String[] {
          "index.html",
          "status/index.html",
          "status/feed.atom",
          "api/v2/summary.json",
          "api/v2/components.json",
          "api/v2/incidents.json",
          "api/v2/incidents/unresolved.json",
          "api/v2/status.json",
          "api/v2/scheduled-maintenances/upcoming.json"
        }) {
      assertThat(web.resolve(key)).as(key).isRegularFile();
    }
    assertThat(read(web.resolve("status/index.html"))).contains("Gov24 정부24");
    assertThat(read(web.resolve("api/v2/summary.json"))).contains("\"operational\"");

    // An analyst marks the service down: the copy follows without anyone asking.
    String analyst = "Bearer " + tokenFor("publish-analyst", Role.ANALYST);
    mvc.perform(
            put("/api/v1/status/components/gov24")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":\"major_outage\",\"instead\":\"가까운 주민센터를 방문하세요\"}"))
        .andExpect(status().isOk());
    await(
        "the outage reaches the copy",
        () -> read(web.resolve("api/v2/summary.json")).contains("major_outage"));
    // The page is written last (documents first, so the page never links to older ones).
    await(
        "the outage reaches the copy's page",
        () -> read(web.resolve("status/index.html")).contains("가까운 주민센터를 방문하세요"));
    byte[] live = board.snapshot().get("/api/v2/components.json");
    await(
        "the copy equals the live page",
        () -> java.util.Arrays.equals(live, readBytes(web.resolve("api/v2/components.json"))));
    assertThat(target("web-mirror").lastSuccessEtag()).isNotBlank();
    assertThat(target("web-mirror").health()).isEqualTo("ok");
    assertThat(audit.page(0, 50))
        .anySatisfy(
            r -> {
              assertThat(r.action()).isEqualTo("status.target.added");
              assertThat(r.actor()).startsWith("publish-admin");
            });

    // The console shows when the copy last took the page.
    mvc.perform(get("/admin/status-publishing").with(user("publish-admin").roles("ADMIN")))
        .andExpect(status().isOk())
        .andExpect(
            r ->
                assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .contains("web-mirror")
                    .contains("UTC (just now)")
                    .doesNotContain(">never<"));

    mvc.perform(
            put("/api/v1/status/components/gov24")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"status\":\"operational\",\"instead\":\"\"}"))
        .andExpect(status().isOk());
  }

  static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (java.io.IOException e) {
      return new byte[0];
    }
  }

  @Test
  void a_failing_copy_is_retried_with_backoff_raises_an_alert_and_never_holds_up_the_page()
      throws Exception {
    // A file where the directory should be: every write fails until an operator moves it.
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "not a directory");
    PublishTarget t =
        targets.add("publish-admin", "broken-mirror", "directory", blocked.toString(), 30);
    board.refresh();

    await("three failures in a row", () -> target("broken-mirror").consecutiveFailures() >= 3);
    PublishTarget failing = target("broken-mirror");
    assertThat(failing.health()).isEqualTo("failing");
    assertThat(failing.lastSuccessAt()).isNull();
    assertThat(failing.lastError()).contains(blocked.getFileName().toString());

    // One alert for the streak, naming the copy and the error.
    await(
        "the alert",
        () ->
            alerts.list("status", null, 0, 50).items().stream()
                .anyMatch(a -> a.title().contains("broken-mirror")));
    var alert =
        alerts.list("status", null, 0, 50).items().stream()
            .filter(a -> a.title().contains("broken-mirror"))
            .findFirst()
            .orElseThrow();
    assertThat(alert.ruleId()).isEqualTo("status.publish-failed");
    assertThat(alert.details()).containsEntry("target", "broken-mirror");

    // Meanwhile the page answers at once, and the console shows the failure.
    mvc.perform(get("/api/v2/summary.json")).andExpect(status().isOk());
    mvc.perform(get("/admin/status-publishing").with(user("publish-admin").roles("ADMIN")))
        .andExpect(
            r ->
                assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .contains("broken-mirror")
                    .contains("failing")
                    .contains(">never<"));

    // Backoff: the retries slow down (100 ms doubling, at most 400 ms here), they do not spin.
    int before = target("broken-mirror").consecutiveFailures();
    Thread.sleep(1200);
    int after = target("broken-mirror").consecutiveFailures();
    assertThat(after - before).isBetween(1, 5);

    // The operator clears the way: the next retry publishes, without anyone asking again.
    Files.delete(blocked);
    await("the retry publishes", () -> target("broken-mirror").lastSuccessAt() != null);
    assertThat(target("broken-mirror").consecutiveFailures()).isZero();
    assertThat(target("broken-mirror").lastError()).isNull();
    assertThat(blocked.resolve("status/index.html")).isRegularFile();
    assertThat(t.id()).isPositive();
  }

  @Test
  void only_admins_configure_copies_and_bad_input_names_the_field() throws Exception {
    String analyst = "Bearer " + tokenFor("publish-analyst2", Role.ANALYST);
    String body =
        "{\"name\":\"x\",\"kind\":\"directory\",\"location\":\"" + dir.resolve("x") + "\"}";
    mvc.perform(
            post("/api/v1/admin/status-targets")
                .header("Authorization", analyst)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/admin/status-targets").header("Authorization", analyst))
        .andExpect(status().isForbidden());
    mvc.perform(get("/admin/status-publishing").with(user("publish-analyst2").roles("ANALYST")))
        .andExpect(status().isForbidden());

    String[][] bad = {
      {"{\"name\":\"a\",\"kind\":\"ftp\",\"location\":\"/x/y\"}", "kind"},
      {"{\"name\":\"a\",\"kind\":\"directory\",\"location\":\"relative/dir\"}", "absolute"},
      {"{\"name\":\"a b\",\"kind\":\"directory\",\"location\":\"/x/y\"}", "name"},
      {"{\"name\":\"a\",\"kind\":\"s3\",\"location\":\"bucket-only\"}", "s3://bucket"},
      {
        "{\"name\":\"a\",\"kind\":\"s3\",\"location\":\"s3://pub;endpoint=http://s3.example.org\"}",
        "cleartext"
      },
      {
        "{\"name\":\"a\",\"kind\":\"s3\",\"location\":\"s3://pub;access-key-env=HAECHI_DB_PASSWORD;"
            + "secret-key-env=HAECHI_DB_PASSWORD\"}",
        "connectors.secret-env-allow"
      },
      {"{\"name\":\"a\",\"kind\":\"s3\",\"location\":\"s3://pub;colour=blue\"}", "unknown option"},
    };
    for (String[] b : bad) {
      mvc.perform(
              post("/api/v1/admin/status-targets")
                  .header("Authorization", admin())
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(b[0]))
          .andExpect(status().isBadRequest())
          .andExpect(
              r ->
                  assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                      .as(b[0])
                      .contains(b[1]));
    }
    assertThat(targets.list()).isEmpty();

    PublishTarget t =
        targets.add("publish-admin", "to-remove", "directory", dir.resolve("r").toString(), null);
    assertThat(t.cacheSeconds()).isEqualTo(30);
    mvc.perform(delete("/api/v1/admin/status-targets/" + t.id()).header("Authorization", admin()))
        .andExpect(status().isOk());
    assertThat(targets.list()).isEmpty();
    assertThat(audit.page(0, 50)).anyMatch(r -> r.action().equals("status.target.removed"));
  }
}
