package dev.haechi.app.breach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.breach.store.EventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13 item 1 on a real server over HTTP: what {@code POST /api/v1/events} receives is stored
 * in the access-event store as one batch, bad lines are named, and a batch the store cannot commit
 * is neither stored nor evaluated (so the client's resend is stored once).
 */
class EventsIngestStoreTest {
  static final String FORGED =
      "{\"@timestamp\":\"2025-06-24T03:12:45.123Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"1000234\"},\"user\":{\"id\":\"1000234\"},"
          + "\"http\":{\"response\":{\"status_code\":200}},"
          + "\"data\":{\"subject_ids\":[\"1000234\"],\"categories\":[\"name\",\"phone\"]}}";
  static final String NOT_FOUND =
      "{\"@timestamp\":\"2025-06-24T04:00:00+09:00\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"1000777\"},"
          + "\"http\":{\"response\":{\"status_code\":404}}}";
  static final String NO_OFFSET =
      "{\"@timestamp\":\"2025-06-24T05:00:00\",\"token\":{\"kid\":\"auth-2022-01\"}}";
  static final String LATER =
      "{\"@timestamp\":\"2025-06-25T10:00:00Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"1000300\"},\"user\":{\"id\":\"1000300\"},"
          + "\"data\":{\"subject_ids\":[\"1000300\",\"1000301\"],\"categories\":[\"address\"]}}";

  static ConfigurableApplicationContext server;
  static Path home;
  static String base;
  static String token;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("haechi-ingest-store");
    server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=ingest-store-admin-password",
            "--haechi.detection.rules="
                + Path.of("src/test/resources/detection-rules").toAbsolutePath());
    base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    server
        .getBean(UserStore.class)
        .createLocal("test", "gateway-feed", "a-long-test-password", Role.ANALYST);
    token =
        server
            .getBean(ApiTokenStore.class)
            .issue("gateway-feed", "gateway", Role.ANALYST, null)
            .secret();
  }

  @AfterAll
  static void stop() {
    ServerLauncher.stop();
  }

  static HttpResponse<String> post(String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static ScopeResult scope(EventStore store) {
    return store.scope(
        ScopeQuery.of(
            ScopeQuery.Selector.KID,
            List.of("auth-2022-01"),
            Instant.parse("2025-06-01T00:00:00Z"),
            Instant.parse("2025-07-01T00:00:00Z")),
        true);
  }

  static long occurrences(AlertStore alerts) {
    return alerts.list("detection", null, 0, 100).items().stream()
        .mapToLong(a -> a.occurrences())
        .sum();
  }

  @Test
  void posted_events_are_stored_as_one_batch_bad_lines_named_and_a_failed_commit_stores_nothing()
      throws Exception {
    HttpResponse<String> r =
        post(FORGED + "\nnot json at all\n\n" + NOT_FOUND + "\n" + NO_OFFSET + "\n");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("storeEnabled").asBoolean()).isTrue();
    assertThat(body.path("stored").asLong()).isEqualTo(2);
    assertThat(body.path("storeRejected").asLong()).isEqualTo(2);
    assertThat(body.path("storeRejections").get(0).asString())
        .startsWith("batch:2: not valid JSON");
    assertThat(body.path("storeRejections").get(1).asString())
        .isEqualTo(
            "batch:5: @timestamp: not an ISO-8601 date-time with offset: 2025-06-24T05:00:00");
    assertThat(body.path("alerts").asLong()).isPositive();

    EventStore store = EventStore.open(home.resolve("events"));
    assertThat(store.state().events()).isEqualTo(2);
    assertThat(body.path("storeVersion").asString()).isEqualTo(store.dataVersion());
    ScopeResult first = scope(store);
    assertThat(first.subjects()).isEqualTo(1); // the 404 is a request, not a victim
    assertThat(first.requests()).isEqualTo(2);

    // The store cannot commit (its manifest is unreadable): the batch is refused whole, nothing is
    // stored and the engine does not see it.
    AlertStore alerts = server.getBean(AlertStore.class);
    long occurrences = occurrences(alerts);
    assertThat(occurrences).isPositive();
    Path manifest = home.resolve("events/_manifest.log");
    Path saved = home.resolve("manifest.saved");
    Files.move(manifest, saved);
    Files.createDirectory(manifest);
    HttpResponse<String> refused = post(FORGED + "\n" + LATER + "\n");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.body()).contains("none of it was stored or evaluated; resend it");
    assertThat(occurrences(alerts)).isEqualTo(occurrences);
    Files.delete(manifest);
    Files.move(saved, manifest);
    try (Stream<Path> files = Files.walk(home.resolve("events"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count())
          .as("only the first batch's files")
          .isEqualTo(store.state().files().size());
    }
    assertThat(scope(store).subjects()).isEqualTo(1);

    // The resend is stored once.
    HttpResponse<String> resent = post(FORGED + "\n" + LATER + "\n");
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
    assertThat(JSON.readTree(resent.body()).path("stored").asLong()).isEqualTo(2);
    assertThat(store.state().events()).isEqualTo(4);
    ScopeResult after = scope(store);
    assertThat(after.subjects()).isEqualTo(3);
    assertThat(after.requests()).isEqualTo(4);
    assertThat(occurrences(alerts)).isGreaterThan(occurrences);
  }
}
