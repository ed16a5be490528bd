package dev.haechi.app.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.breach.store.EventStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12 item 11 on a real server over HTTP: a batch of events sent again with the same {@code
 * Idempotency-Key} (a client resending what the server took but never acknowledged, say because it
 * was killed) is stored once in the access-event store and counted once in its alerts' occurrences;
 * the same key with another body is refused. Without a key a resend is a new batch (as before).
 */
class IngestBatchKeyTest {
  static ConfigurableApplicationContext server;
  static Path home;
  static String base;
  static String token;
  static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeAll
  static void start() throws Exception {
    home = Files.createTempDirectory("haechi-batch-key");
    server =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=batch-key-admin-password",
            "--haechi.detection.rules="
                + Path.of("src/test/resources/detection-rules").toAbsolutePath());
    base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    server
        .getBean(UserStore.class)
        .createLocal("test", "feed", "a-long-test-password", Role.ANALYST);
    token = server.getBean(ApiTokenStore.class).issue("feed", "feed", Role.ANALYST, null).secret();
  }

  @AfterAll
  static void stop() {
    ServerLauncher.stop();
  }

  /** Two events whose token is forged by principal {@code who}: one alert, two occurrences. */
  static String batch(String who, int minute) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      sb.append("{\"@timestamp\":\"2025-06-24T03:")
          .append(String.format("%02d:%02d", minute, i))
          .append("Z\",\"event\":{\"category\":[\"web\"]},\"token\":{\"kid\":\"auth-2022-01\",")
          .append("\"sub\":\"")
          .append(who)
          .append("\"},\"user\":{\"id\":\"")
          .append(who)
          .append("\"},\"url\":{\"path\":\"/members/")
          .append(i)
          .append("/address\"}}\n");
    }
    return sb.toString();
  }

  static HttpResponse<String> post(String body, String key) throws Exception {
    var b =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static long occurrencesOf(String who) {
    return server.getBean(AlertStore.class).list("detection", null, 0, 500).items().stream()
        .filter(a -> (a.dedupKey() + " " + a.details()).contains(who))
        .mapToLong(a -> a.occurrences())
        .sum();
  }

  static long storedEvents() throws Exception {
    return EventStore.open(home.resolve("events")).state().events();
  }

  @Test
  void a_batch_resent_with_its_key_is_stored_and_counted_once() throws Exception {
    long before = storedEvents();
    String body = batch("p-resent", 10);
    HttpResponse<String> first = post(body, "batch-0001");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    JsonNode f = JSON.readTree(first.body());
    assertThat(f.path("events").asLong()).isEqualTo(2);
    assertThat(f.path("stored").asLong()).isEqualTo(2);
    assertThat(f.path("resent").asBoolean()).isFalse();
    long occurrences = occurrencesOf("p-resent");
    assertThat(occurrences).isEqualTo(2);

    // the answer was lost: the client sends the same batch with the same key
    HttpResponse<String> again = post(body, "batch-0001");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode a = JSON.readTree(again.body());
    assertThat(a.path("resent").asBoolean()).isTrue();
    assertThat(a.path("events").asLong()).isZero();
    assertThat(a.path("stored").asLong()).isZero();
    assertThat(storedEvents()).isEqualTo(before + 2);
    assertThat(occurrencesOf("p-resent")).isEqualTo(occurrences);

    // the same key for another batch is a client's mistake: refused, nothing done
    HttpResponse<String> other = post(batch("p-other", 11), "batch-0001");
    assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
    assertThat(other.body()).contains("batch-0001").contains("another batch");
    assertThat(occurrencesOf("p-other")).isZero();
    assertThat(storedEvents()).isEqualTo(before + 2);

    // a key of its own: a new batch
    assertThat(post(batch("p-other", 11), "batch-0002").statusCode()).isEqualTo(200);
    assertThat(occurrencesOf("p-other")).isEqualTo(2);
    assertThat(storedEvents()).isEqualTo(before + 4);

    // a blank key is refused, naming the header
    HttpResponse<String> blank = post(batch("p-blank", 12), "a b");
    assertThat(blank.statusCode()).isEqualTo(400);
    assertThat(blank.body()).contains("Idempotency-Key");
  }

  /**
   * The server evaluated a keyed batch but could not store it (its store failed here; a kill
   * between the two does the same): the resend stores it without evaluating it again.
   */
  @Test
  void a_batch_evaluated_but_not_stored_is_stored_by_the_resend_and_not_evaluated_again()
      throws Exception {
    long before = storedEvents();
    String body = batch("p-half", 20);
    Path manifest = home.resolve("events/_manifest.log");
    Path saved = home.resolve("manifest.saved");
    Files.move(manifest, saved);
    Files.createDirectory(manifest);
    HttpResponse<String> failed;
    try {
      failed = post(body, "batch-half");
    } finally {
      Files.delete(manifest);
      Files.move(saved, manifest);
    }
    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
    assertThat(occurrencesOf("p-half")).isEqualTo(2);
    assertThat(storedEvents()).isEqualTo(before);

    HttpResponse<String> resent = post(body, "batch-half");
    assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
    JsonNode r = JSON.readTree(resent.body());
    assertThat(r.path("resent").asBoolean()).isTrue();
    assertThat(r.path("stored").asLong()).isEqualTo(2);
    assertThat(storedEvents()).isEqualTo(before + 2);
    assertThat(occurrencesOf("p-half")).isEqualTo(2);

    // and once more: nothing new anywhere
    assertThat(JSON.readTree(post(body, "batch-half").body()).path("stored").asLong()).isZero();
    assertThat(storedEvents()).isEqualTo(before + 2);
    assertThat(occurrencesOf("p-half")).isEqualTo(2);
  }
}
