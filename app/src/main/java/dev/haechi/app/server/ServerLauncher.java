package dev.haechi.app.server;

import dev.haechi.app.HaechiServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the Spring server from the CLI. The database is checked before Spring starts, so that an
 * unreachable or invalid database stops the server with one line saying which and why instead of a
 * stack trace.
 */
public final class ServerLauncher {
  private static volatile ConfigurableApplicationContext running;

  private ServerLauncher() {}

  /**
   * Starts and returns the running server.
   *
   * @throws dev.haechi.app.store.DatabaseUnavailableException when the database cannot be used
   */
  public static ConfigurableApplicationContext start(ServerOptions options, String... extraArgs) {
    dev.haechi.app.store.PrivateHome.secure(options.home());
    options.database().checkReachable();
    List<String> args = new ArrayList<>();
    args.add("--spring.datasource.url=" + options.database().url());
    if (!options.database().user().isEmpty()) {
      args.add("--spring.datasource.username=" + options.database().user());
      args.add("--spring.datasource.password=" + options.database().password());
    }
    if (!options.database().isH2()) {
      // All pending migrations in one transaction: PostgreSQL rolls a failure back whole.
      args.add("--spring.flyway.group=true");
    }
    args.add("--server.port=" + options.port());
    args.add("--server.address=" + options.bindAddress());
    args.add("--haechi.home=" + options.home().toAbsolutePath().normalize());
    args.addAll(List.of(extraArgs));
    SpringApplication app = new SpringApplication(HaechiServer.class);
    try {
      ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
      dev.haechi.app.store.PrivateHome.secure(options.home());
      running = context;
      return context;
    } catch (RuntimeException e) {
      throw new ServerStartException(
          "the server did not start on " + options.database().describe() + ": " + rootMessage(e),
          e);
    }
  }

  /** Stops the server this launcher started, if any (tests; Ctrl-C does it for users). */
  public static void stop() {
    ConfigurableApplicationContext c = running;
    if (c != null) {
      c.close();
      running = null;
    }
  }

  /** The port the running server listens on, or empty when none runs. */
  public static String port() {
    ConfigurableApplicationContext c = running;
    return c == null ? "" : c.getEnvironment().getProperty("local.server.port", "");
  }

  /** True while a server started by this launcher is running in this JVM. */
  public static boolean isRunning() {
    ConfigurableApplicationContext c = running;
    return c != null && c.isActive();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
