package dev.haechi.app;

import dev.haechi.app.cli.ExitCodes;
import dev.haechi.app.cli.HaechiCommand;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.store.DatabaseUnavailableException;
import dev.haechi.core.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the one executable. Usage errors and bad input end with exit code 2 and one line
 * naming the problem; servers keep running after {@code main} returns.
 */
public final class HaechiMain {
  private HaechiMain() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != ExitCodes.OK || !ServerLauncher.isRunning()) {
      System.exit(code);
    }
  }

  /** Runs a command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new HaechiCommand());
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("haechi: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.BAD_INPUT;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          Throwable cause = rootBadInput(ex);
          if (cause != null) {
            commandLine.getErr().println("haechi: " + cause.getMessage());
            return ExitCodes.BAD_INPUT;
          }
          throw ex;
        });
    return cli.execute(args);
  }

  private static Throwable rootBadInput(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof InputException
          || t instanceof DatabaseUnavailableException
          || t instanceof IllegalArgumentException
          || t instanceof java.nio.file.NoSuchFileException) {
        return t;
      }
    }
    return null;
  }
}
