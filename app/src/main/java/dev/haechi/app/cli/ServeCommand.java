package dev.haechi.app.cli;

import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code haechi serve}: the server with the embedded store or PostgreSQL. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Start the server: console at /, REST API at /api/v1, health at /actuator/health.")
public class ServeCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Mixin ListenOptions listen;

  @picocli.CommandLine.Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description =
          "Serve HTTPS with this PKCS#12 keystore (password from $HAECHI_TLS_KEYSTORE_PASSWORD)."
              + " Turns on HSTS and Secure session cookies.")
  java.nio.file.Path tlsKeystore;

  @picocli.CommandLine.Option(
      names = "--trusted-proxies",
      paramLabel = "ADDRESSES",
      split = ",",
      description =
          "Reverse proxies (IP addresses) whose X-Forwarded-For/-Proto are believed, so that rate"
              + " limits, the login throttle and the audit log see the real client. Others'"
              + " forwarding headers are ignored.")
  java.util.List<String> trustedProxies;

  /**
   * The server properties for TLS and trusted proxies (issue 12, item 10).
   *
   * @param keystorePassword the keystore's password (from the environment)
   */
  public static java.util.List<String> transportArgs(
      java.nio.file.Path keystore, String keystorePassword, java.util.List<String> proxies) {
    java.util.List<String> args = new java.util.ArrayList<>();
    if (keystore != null) {
      if (!java.nio.file.Files.isReadable(keystore)) {
        throw new IllegalArgumentException("--tls-keystore: cannot read " + keystore);
      }
      args.add("--server.ssl.enabled=true");
      args.add("--server.ssl.key-store=" + keystore.toAbsolutePath());
      args.add("--server.ssl.key-store-type=PKCS12");
      args.add(
          "--server.ssl.key-store-password=" + (keystorePassword == null ? "" : keystorePassword));
      args.add("--server.servlet.session.cookie.secure=true");
    }
    if (proxies != null && !proxies.isEmpty()) {
      java.util.List<String> quoted = new java.util.ArrayList<>();
      for (String p : proxies) {
        String a = p.trim();
        if (!a.matches("[0-9a-fA-F:.]+")) {
          throw new IllegalArgumentException("--trusted-proxies: '" + a + "' is not an IP address");
        }
        quoted.add(java.util.regex.Pattern.quote(a));
      }
      args.add("--server.forward-headers-strategy=native");
      args.add("--server.tomcat.remoteip.internal-proxies=" + String.join("|", quoted));
      args.add("--server.tomcat.remoteip.remote-ip-header=X-Forwarded-For");
      args.add("--server.tomcat.remoteip.protocol-header=X-Forwarded-Proto");
    } else {
      // No proxy is trusted: forwarding headers are ignored, the socket's address counts.
      args.add("--server.forward-headers-strategy=none");
    }
    return args;
  }

  @Override
  public Integer call() {
    var options =
        new ServerOptions(store.home(), store.database(), listen.port, listen.bindOr("0.0.0.0"));
    var context =
        ServerLauncher.start(
            options,
            transportArgs(
                    tlsKeystore, System.getenv("HAECHI_TLS_KEYSTORE_PASSWORD"), trustedProxies)
                .toArray(String[]::new));
    System.out.println(
        "Haechi is serving on "
            + (tlsKeystore != null ? "https" : "http")
            + "://localhost:"
            + context.getEnvironment().getProperty("local.server.port")
            + "/");
    return ExitCodes.OK;
  }
}
