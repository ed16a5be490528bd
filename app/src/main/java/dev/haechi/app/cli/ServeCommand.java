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

  @Override
  public Integer call() {
    var options =
        new ServerOptions(store.home(), store.database(), listen.port, listen.bindOr("0.0.0.0"));
    var context = ServerLauncher.start(options);
    System.out.println(
        "Haechi is serving on http://localhost:"
            + context.getEnvironment().getProperty("local.server.port")
            + "/");
    return ExitCodes.OK;
  }
}
