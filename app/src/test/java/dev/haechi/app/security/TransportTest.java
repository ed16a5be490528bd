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
}
