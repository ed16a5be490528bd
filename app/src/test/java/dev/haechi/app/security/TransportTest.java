package dev.haechi.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.cli.ServeCommand;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 10, on a real server: {@code serve --tls-keystore} serves HTTPS with HSTS and a
 * Secure session cookie.
 */
class TransportTest {
  @Test
  void with_a_keystore_the_server_speaks_https_sends_hsts_and_secure_cookies() throws Exception {
    Path home = Files.createTempDirectory("haechi-tls");
    Path keystore = home.resolve("tls.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "haechi",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "tls-test-pass")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor()).isZero();
    try {
      ServerLauncher.start(
          new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
          java.util.stream.Stream.concat(
                  ServeCommand.transportArgs(keystore, "tls-test-pass", List.of("10.0.0.7"))
                      .stream(),
                  java.util.stream.Stream.of("--HAECHI_ADMIN_PASSWORD=a-long-admin-password"))
              .toArray(String[]::new));
      SSLContext trustAll = SSLContext.getInstance("TLS");
      trustAll.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] c, String a) {}

              @Override
              public void checkServerTrusted(X509Certificate[] c, String a) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          null);
      HttpClient https = HttpClient.newBuilder().sslContext(trustAll).build();
      HttpResponse<String> r =
          https.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + ServerLauncher.port() + "/login"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Strict-Transport-Security")).isPresent();
      List<String> cookies = r.headers().allValues("Set-Cookie");
      assertThat(cookies).isNotEmpty().allMatch(c -> c.contains("Secure"));
    } finally {
      ServerLauncher.stop();
    }
  }

  @Test
  void a_trusted_proxy_must_be_an_address() {
    assertThat(ServeCommand.transportArgs(null, null, List.of()))
        .contains("--server.forward-headers-strategy=none");
    assertThat(ServeCommand.transportArgs(null, null, List.of("10.0.0.7")))
        .contains("--server.tomcat.remoteip.internal-proxies=\\Q10.0.0.7\\E");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ServeCommand.transportArgs(null, null, List.of(".*")))
        .hasMessageContaining("--trusted-proxies");
  }

  /**
   * Behind a trusted proxy the audit log and the login throttle see the client the proxy names
   * ({@code X-Forwarded-For}); the same header from an address that is not a trusted proxy is
   * ignored. Five failures from one forwarded client lock out that client only: the same user signs
   * in from another. (The loopback interface has every 127.x address, so the test connects from
   * 127.0.0.1, the trusted proxy, and from 127.0.0.2, which is not.)
   */
  @Test
  void behind_a_trusted_proxy_the_audit_and_the_login_throttle_see_the_forwarded_client()
      throws Exception {
    Path home = Files.createTempDirectory("haechi-proxy");
    try {
      var context =
          ServerLauncher.start(
              new ServerOptions(home, DatabaseTarget.embedded(home), 0, "127.0.0.1"),
              java.util.stream.Stream.concat(
                      ServeCommand.transportArgs(null, null, List.of("127.0.0.1")).stream(),
                      java.util.stream.Stream.of("--HAECHI_ADMIN_PASSWORD=a-long-admin-password"))
                  .toArray(String[]::new));
      int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
      var audit = context.getBean(dev.haechi.app.audit.AuditLog.class);
      java.util.function.Function<String, List<String>> fromOf =
          action ->
              audit.page(0, 200).stream()
                  .filter(r -> r.action().equals(action))
                  .map(r -> r.details().replaceFirst("^from=(\\S+).*$", "$1"))
                  .toList();

      assertThat(login("127.0.0.1", port, "203.0.113.9", "admin", "wrong-password"))
          .endsWith("/login?error");
      assertThat(fromOf.apply("login.failed")).containsExactly("203.0.113.9");
      // not a trusted proxy: its header is ignored, its own address counts
      assertThat(login("127.0.0.2", port, "198.51.100.77", "admin", "wrong-password"))
          .endsWith("/login?error");
      assertThat(fromOf.apply("login.failed")).containsExactly("127.0.0.2", "203.0.113.9");

      for (int i = 0; i < 4; i++) {
        login("127.0.0.1", port, "203.0.113.9", "admin", "wrong-password");
      }
      // five failures from that client: locked out, even with the right password
      assertThat(login("127.0.0.1", port, "203.0.113.9", "admin", "a-long-admin-password"))
          .endsWith("/login?locked");
      assertThat(fromOf.apply("login.throttled")).containsExactly("203.0.113.9");
      // the same user from another client behind the same proxy signs in
      assertThat(login("127.0.0.1", port, "198.51.100.4", "admin", "a-long-admin-password"))
          .doesNotContain("/login");
      assertThat(fromOf.apply("login.success")).containsExactly("198.51.100.4");
    } finally {
      ServerLauncher.stop();
    }
  }

  /**
   * Signs in over a raw connection from {@code via} (a local address), sending {@code
   * X-Forwarded-For: forwardedFor}; returns where the server redirects.
   */
  static String login(String via, int port, String forwardedFor, String user, String password)
      throws Exception {
    String page =
        raw(
            via,
            port,
            "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: "
                + forwardedFor
                + "\r\nConnection: close\r\n\r\n");
    var cookie =
        java.util.regex.Pattern.compile("(?i)Set-Cookie: (JSESSIONID=[^;\\r\\n]+)").matcher(page);
    var csrf =
        java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
    assertThat(cookie.find()).as(page).isTrue();
    assertThat(csrf.find()).as(page).isTrue();
    String form =
        "username="
            + java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8)
            + "&password="
            + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)
            + "&_csrf="
            + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
    String answer =
        raw(
            via,
            port,
            "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: "
                + forwardedFor
                + "\r\nCookie: "
                + cookie.group(1)
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length()
                + "\r\nConnection: close\r\n\r\n"
                + form);
    var location = java.util.regex.Pattern.compile("(?i)\r\nLocation: ([^\r\n]+)").matcher(answer);
    assertThat(location.find()).as(answer).isTrue();
    return location.group(1);
  }

  static String raw(String via, int port, String request) throws Exception {
    try (var socket = new java.net.Socket()) {
      socket.bind(new java.net.InetSocketAddress(via, 0));
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 30_000);
      socket.setSoTimeout(120_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
