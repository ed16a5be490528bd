package dev.haechi.app.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.HaechiMain;
import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12, item 11: the server is killed with SIGKILL ({@link Process#destroyForcibly()} on a
 * child JVM running {@code haechi serve}) in the middle of work, restarted, and the work finished
 * the way a client would (resend what was not acknowledged). Nothing may be lost, duplicated or
 * half-done.
 *
 * <p>CI runs small sizes; the full run is {@code ./mvnw -pl app -am verify -Dit.test=CrashSafetyIT
 * -Dhaechi.crash.events=1000000 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false} (SECURITY.md).
 */
class CrashSafetyIT {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String ADMIN_PASSWORD = "crash-admin-password-123";

  @TempDir Path dir;

  @AfterEach
  void stop() {
    ServerLauncher.stop();
  }

  /** Makes the home (store, users, tokens) with an in-process server, then stops it. */
  Map<String, String> prepare(Path home) {
    var server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=" + ADMIN_PASSWORD);
    server
        .getBean(UserStore.class)
        .createLocal("test", "feed", "a-long-test-password", Role.ANALYST);
    var tokens = server.getBean(ApiTokenStore.class);
    Map<String, String> t =
        Map.of(
            "feed", tokens.issue("feed", "feed", Role.ANALYST, null).secret(),
            "admin", tokens.issue("admin", "admin", Role.ADMIN, null).secret());
    ServerLauncher.stop();
    return t;
  }

  static Map<String, String> serverProperties() {
    return Map.of(
        "haechi.detection.rules",
        Path.of("src/test/resources/detection-rules").toAbsolutePath().toString());
  }

  /**
   * (a) Ingestion over HTTP: batches of events in which every 100th is signed with the retired key
   * by its own principal (one alert each). The server is killed while a batch is in flight; after
   * the restart the client resends from its first unacknowledged batch, each batch with its own
   * {@code Idempotency-Key}. Every expected alert is there exactly once and counted once
   * (occurrences 1), the access-event store holds every event once, the audit chain and the event
   * store verify. Progress (batch, events, seconds) is printed to stderr.
   */
  @Test
  void ingestion_killed_mid_batch_loses_and_duplicates_no_alert() throws Exception {
    int events = Integer.getInteger("haechi.crash.events", 40_000);
    int batchSize = Math.min(10_000, Math.max(1_000, events / 8));
    int batches = (events + batchSize - 1) / batchSize;
    int killDuring = Math.max(1, batches / 2);
    Path home = dir.resolve("home");
    Map<String, String> tokens = prepare(home);

    int acknowledged = 0;
    long t0 = System.nanoTime();
    try (ChildServer s = ChildServer.start(home, Map.of(), serverProperties())) {
      for (int b = 0; b < killDuring; b++) {
        postBatch(s.base(), tokens.get("feed"), batch(b, batchSize, events), "crash-" + b);
        acknowledged = b + 1;
        progress(b, batchSize, t0);
      }
      String inFlight = batch(killDuring, batchSize, events);
      String inFlightKey = "crash-" + killDuring;
      CompletableFuture<Integer> pending =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return send(s.base(), tokens.get("feed"), inFlight, inFlightKey).statusCode();
                } catch (Exception e) {
                  return -1; // the connection died with the server
                }
              });
      Thread.sleep(300);
      s.kill();
      int answer = pending.join();
      if (answer == 200) {
        acknowledged++; // the batch made it before the kill: the client moves on
      }
      System.err.printf(
          "crash-ingest: killed during batch %d (answer %d), %.0f s%n",
          killDuring, answer, (System.nanoTime() - t0) / 1e9);
    }
    try (ChildServer s = ChildServer.start(home, Map.of(), serverProperties())) {
      for (int b = acknowledged; b < batches; b++) {
        postBatch(s.base(), tokens.get("feed"), batch(b, batchSize, events), "crash-" + b);
        progress(b, batchSize, t0);
      }
      s.stop();
    }
    System.err.printf(
        "crash-ingest: %d events in %d batches, %.0f s in all%n",
        events, batches, (System.nanoTime() - t0) / 1e9);
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < events; i += 100) {
      expected.add("p" + i);
    }
    try (Connection c = DatabaseTarget.embedded(home).connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT dedup_key, details, occurrences FROM alert")) {
      Map<String, Integer> seen = new LinkedHashMap<>();
      Map<String, Long> counted = new LinkedHashMap<>();
      while (rs.next()) {
        String principal = principalOf(rs.getString(1) + " " + rs.getString(2));
        seen.merge(principal, 1, Integer::sum);
        counted.merge(principal, rs.getLong(3), Long::sum);
      }
      assertThat(seen.keySet()).isEqualTo(expected);
      assertThat(seen.values()).allMatch(n -> n == 1);
      // the resent batch was not evaluated twice
      assertThat(counted.values()).allMatch(n -> n == 1);
    }
    // nor stored twice
    assertThat(dev.haechi.breach.store.EventStore.open(home.resolve("events")).state().events())
        .isEqualTo(events);
    assertIntact(home);
  }

  static String principalOf(String text) {
    var m = java.util.regex.Pattern.compile("\\bp(\\d+)\\b").matcher(text);
    return m.find() ? "p" + m.group(1) : "?";
  }

  /** Batch {@code b}: events {@code b*size …}; every 100th is a forged token of principal pN. */
  static String batch(int b, int size, int total) {
    StringBuilder sb = new StringBuilder(size * 180);
    for (int i = b * size; i < Math.min(total, (b + 1) * size); i++) {
      boolean forged = i % 100 == 0;
      String who = forged ? "p" + i : "u" + (i % 5000);
      sb.append("{\"@timestamp\":\"2025-06-24T03:")
          .append(String.format("%02d:%02d", (i / 60) % 60, i % 60))
          .append("Z\",\"event\":{\"category\":[\"web\"]},\"token\":{\"kid\":\"")
          .append(forged ? "auth-2022-01" : "auth-2025-03")
          .append("\",\"sub\":\"")
          .append(who)
          .append("\"},\"user\":{\"id\":\"")
          .append(who)
          .append("\"},\"url\":{\"path\":\"/members/")
          .append(i)
          .append("/address\"}}\n");
    }
    return sb.toString();
  }

  static HttpResponse<String> send(String base, String token, String body, String key)
      throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(30))
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static void progress(int b, int batchSize, long t0) {
    double s = (System.nanoTime() - t0) / 1e9;
    System.err.printf(
        "crash-ingest: batch %d acknowledged, %d events, %.0f s, %.0f events/s%n",
        b, (long) (b + 1) * batchSize, s, (b + 1) * batchSize / s);
  }

  /** Posts a batch until it is accepted (a busy engine answers 429: wait and resend). */
  static void postBatch(String base, String token, String body, String key) throws Exception {
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> r = send(base, token, body, key);
      if (r.statusCode() == 200) {
        return;
      }
      assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
      assertThat(attempt).as("still busy after many retries").isLessThan(600);
      Thread.sleep(500);
    }
  }

  /**
   * (c) A catalog import killed part-way: after the restart each catalog version holds every one of
   * its files or does not exist, and the audit chain names exactly the versions that exist.
   */
  @Test
  void a_catalog_import_killed_part_way_is_all_or_nothing() throws Exception {
    Path demo = dir.resolve("demo");
    DemoOrganisations.generate(
        demo, new DemoOptions(DemoOptions.DEFAULT_SEED, 1.0, Set.of("government")));
    Path catalogDir = demo.resolve("government");
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(catalogDir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = catalogDir.relativize(p).toString();
        if (rel.endsWith(".yaml") || rel.endsWith(".yml")) {
          files.put(rel, Files.readString(p));
        }
      }
    }
    String body = JSON.writeValueAsString(Map.of("source", "crash-test", "files", files));
    Path home = dir.resolve("home");
    Map<String, String> tokens = prepare(home);

    // Kill at several points of successive imports; each restart finds a consistent store.
    for (int delay : List.of(50, 400, 1500)) {
      try (ChildServer s = ChildServer.start(home, Map.of(), serverProperties())) {
        CompletableFuture<Integer> pending =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return HttpClient.newHttpClient()
                        .send(
                            HttpRequest.newBuilder(
                                    URI.create(s.base() + "/api/v1/resilience/catalogs/gov"))
                                .header("Authorization", "Bearer " + tokens.get("admin"))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode();
                  } catch (Exception e) {
                    return -1;
                  }
                });
        Thread.sleep(delay);
        s.kill();
        pending.join();
      }
      try (Connection c = DatabaseTarget.embedded(home).connect();
          Statement st = c.createStatement()) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT v.version_no, COUNT(f.path) FROM catalog_version v LEFT JOIN catalog_file"
                    + " f ON f.version_id = v.id GROUP BY v.version_no")) {
          while (rs.next()) {
            assertThat(rs.getInt(2)).as("files of version " + rs.getInt(1)).isEqualTo(files.size());
          }
        }
        long versions;
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM catalog_version")) {
          rs.next();
          versions = rs.getLong(1);
        }
        try (ResultSet rs =
            st.executeQuery(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'resilience.catalog-imported'")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(versions);
        }
      }
      assertIntact(home);
    }
    // The store still takes the import after the kills.
    try (ChildServer s = ChildServer.start(home, Map.of(), serverProperties())) {
      var r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/resilience/catalogs/gov"))
                      .header("Authorization", "Bearer " + tokens.get("admin"))
                      .header("Content-Type", "application/json")
                      .PUT(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      s.stop();
    }
    assertIntact(home);
  }

  /** {@code haechi audit verify --home}: the audit chain (and the event store when present). */
  static void assertIntact(Path home) {
    PrintStream old = System.out;
    var out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = HaechiMain.run("audit", "verify", "--home", home.toString(), "--format", "table");
    } finally {
      System.setOut(old);
    }
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
  }
}
