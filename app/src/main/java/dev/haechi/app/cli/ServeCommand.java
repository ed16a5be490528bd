package dev.haechi.app.cli;

import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code haechi serve}: the server with the embedded store or PostgreSQL. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Start the server: console at /, REST API at /api/v1, health at /actuator/health.")
public class ServeCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Option(
      names = "--port",
      description = "HTTP port (default: ${DEFAULT-VALUE}).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "0.0.0.0")
  String bind;

  @Override
  public Integer call() {
    var options = new ServerOptions(store.home(), store.database(), port, bind);
    var context = ServerLauncher.start(options);
    System.out.println(
        "Haechi is serving on http://localhost:"
            + context.getEnvironment().getProperty("local.server.port")
            + "/");
    return ExitCodes.OK;
  }
}
