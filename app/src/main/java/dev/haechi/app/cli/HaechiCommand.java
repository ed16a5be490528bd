package dev.haechi.app.cli;

import picocli.CommandLine.Command;

/** The {@code haechi} command: one executable for the server, the demo and every engine. */
@Command(
    name = "haechi",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Haechi (해치): cyber resilience for leavers, breaches, disasters and exercises.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      IdentityCommand.class,
      ResilienceCommand.class,
      DetectCommand.class,
      EventsCommand.class,
      BreachCommand.class,
      ExerciseCommand.class,
      AuditCommand.class,
      BackupCommand.class,
      RestoreCommand.class
    },
    footer = {"", "Exit codes: 0 success, 1 found what --fail-on asked for, 2 bad input or usage."})
public class HaechiCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi --help')");
  }
}
