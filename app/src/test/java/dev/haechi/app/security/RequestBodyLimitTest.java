package dev.haechi.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 8, on a real server over HTTP: request bodies are bounded on the stream, both when
 * a {@code Content-Length} declares too much and when a chunked body (no length) runs past the
 * limit; the server keeps serving afterwards.
 */
class RequestBodyLimitTest {
  static String base;
  static String token;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path home = Files.createTempDirectory("haechi-body-limit");
    var context =
        ServerLauncher.start(
            new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=a-long-admin-password",
            "--haechi.http.max-body=1MB");
    base = "http://127.0.0.1:" + ServerLauncher.port();
    token =
        context
            .getBean(ApiTokenStore.class)
            .issue("admin", "body limit test", Role.ADMIN, null)
            .secret();
  }

  @AfterAll
  static void stop() {
    ServerLauncher.stop();
  }

  /** A catalog import body of about {@code bytes} bytes: one file padded with a YAML comment. */
  static byte[] catalogBody(int bytes) {
    String head = "{\"files\":{\"catalog.yaml\":\"# ";
    String tail = "\"}}";
    return (head + "x".repeat(bytes) + tail).getBytes(StandardCharsets.UTF_8);
  }

  HttpResponse<String> put(HttpRequest.BodyPublisher body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/resilience/catalogs/limit-test"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .PUT(body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_declared_length_over_the_limit_is_refused_before_reading() throws Exception {
    HttpResponse<String> r = put(HttpRequest.BodyPublishers.ofByteArray(catalogBody(1_200_000)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("over the limit of 1048576 bytes");
  }

  @Test
  void a_chunked_body_is_cut_off_on_the_stream_and_the_server_goes_on() throws Exception {
    byte[] big = catalogBody(1_500_000);
    // ofInputStream has no length: the client sends the body chunked.
    HttpResponse<String> r =
        put(
            HttpRequest.BodyPublishers.ofInputStream(
                () ->
                    new SequenceInputStream(
                        new ByteArrayInputStream(big), InputStream.nullInputStream())));
    assertThat(r.request().bodyPublisher().orElseThrow().contentLength()).isNegative();
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("over the limit of 1048576 bytes");

    // A body under the limit, also chunked, reaches the handler (an invalid catalog: 400, not 413).
    byte[] small = catalogBody(10_000);
    HttpResponse<String> ok =
        put(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(small)));
    assertThat(ok.statusCode()).isNotEqualTo(413).isLessThan(500);
  }
}
