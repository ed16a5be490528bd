package dev.haechi.app.cli;

import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.risk.AssessmentResult;
import dev.haechi.resilience.risk.RiskAssessment;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code haechi resilience}: the resilience model from the command line. */
@Command(
    name = "resilience",
    mixinStandardHelpOptions = true,
    description = "Resilience: catalog risks, disaster simulation and restoration planning.",
    subcommands = {
      ResilienceCommand.Assess.class,
      ResilienceCommand.Simulate.class,
      ResilienceCommand.WorstCase.class,
      RecoveryPlanCommand.class,
      LiveCommands.Verify.class,
      LiveCommands.Adapt.class,
      LiveCommands.CollectPg.class
    })
public class ResilienceCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi resilience --help')");
  }

  static LoadedCatalog load(Path catalog) {
    if (!Files.isDirectory(catalog)) {
      throw new InputException(catalog.toString(), 0, "not a directory (--catalog)");
    }
    LoadedCatalog loaded = CatalogLoader.load(catalog);
    // Files skipped (and why) and references kept as external go to stderr whether or not a person
    // watches: a script reading stdout is unaffected, and its log still says why a file of the
    // catalog was not taken. The count of kinds Haechi does not model (User, Group, API...) is
    // normal in any Backstage catalog and shown on a terminal only.
    var report = loaded.report();
    if (System.console() != null && !report.skippedKinds().isEmpty()) {
      System.err.println("haechi: kinds Haechi does not model, skipped: " + report.skippedKinds());
    }
    report.skippedFiles().forEach(p -> System.err.println("haechi: " + p));
    report.warnings().forEach(p -> System.err.println("haechi: warning: " + p));
    return loaded;
  }

  /** Risk findings of a catalog as of a date. */
  @Command(
      name = "assess",
      mixinStandardHelpOptions = true,
      description = "Find what would turn an incident into a disaster (FORMATS.md §4 types).")
  public static class Assess implements Callable<Integer> {
    @Option(
        names = "--catalog",
        required = true,
        paramLabel = "DIR",
        description = "Catalog folder.")
    Path catalog;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Assess as of (default: today).")
    String asOf;

    @picocli.CommandLine.Mixin ReportOptions report;

    @Override
    public Integer call() {
      LocalDate date = IdentityCommand.parseDate(asOf);
      LoadedCatalog loaded = load(catalog);
      AssessmentResult result = RiskAssessment.assess(loaded.catalog(), date);
      FindingReport.print(System.out, report.format(), result.findings(), result.summary());
      return FindingReport.exitCode(result.findings(), report.failOn);
    }
  }

  /** What losing zones, sites or power assets would stop and destroy. */
  @Command(
      name = "simulate",
      mixinStandardHelpOptions = true,
      description = {
        "Simulate losing zones, sites or power/cooling assets: which services stop, what is",
        "destroyed, which data is lost and how much."
      })
  public static class Simulate implements Callable<Integer> {
    @Option(
        names = "--catalog",
        required = true,
        paramLabel = "DIR",
        description = "Catalog folder.")
    Path catalog;

    @Option(
        names = "--lose",
        required = true,
        paramLabel = "KIND:NAME",
        description = "What is lost: zone:NAME, site:NAME or asset:NAME (repeatable).")
    List<String> lose = new ArrayList<>();

    @Option(
        names = "--event",
        paramLabel = "EVENT",
        defaultValue = "fire",
        description = "fire, power or cooling (default: ${DEFAULT-VALUE}).")
    String event;

    @picocli.CommandLine.Mixin EventTimeOption at;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Override
    public Integer call() {
      List<Loss> losses = lose.stream().map(Loss::parse).toList();
      Instant when = at.instant();
      Scenario scenario = new Scenario(losses, Event.parse(event), when);
      LoadedCatalog loaded = load(catalog);
      SimulationResult result =
          new Simulator(CatalogGraph.compile(loaded.catalog())).run(scenario).toResult();
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        System.out.println(FindingReport.JSON.writeValueAsString(result));
      } else {
        var s = result.summary();
        System.out.printf(
            "%s %s: %d stopped, %d destroyed (+%d backups, %d power assets), data lost for good:"
                + " %d of %d affected%n",
            event,
            String.join(", ", lose),
            s.stopped(),
            s.destroyed(),
            s.destroyedBackups(),
            s.destroyedAssets(),
            s.dataLostForGood(),
            s.dataLoss());
        s.byGrade()
            .forEach(
                (grade, c) ->
                    System.out.printf(
                        "  grade %-8s stopped %5d  destroyed %5d  data loss %5d%n",
                        grade, c.stopped(), c.destroyed(), c.dataLoss()));
        result.dataLoss().stream()
            .filter(d -> d.lostForGood())
            .forEach(d -> System.out.println("  LOST FOR GOOD: " + d.entity()));
      }
      return ExitCodes.OK;
    }
  }

  /** Every zone and every site set on fire in turn, ranked by grade-weighted impact. */
  @Command(
      name = "worst-case",
      mixinStandardHelpOptions = true,
      description = {
        "Simulate a fire in every zone and the loss of every site, and rank them by",
        "grade-weighted impact (grade 1 counts most): where a disaster would hurt most."
      })
  public static class WorstCase implements Callable<Integer> {
    @Option(
        names = "--catalog",
        required = true,
        paramLabel = "DIR",
        description = "Catalog folder.")
    Path catalog;

    @Option(
        names = "--top",
        defaultValue = "20",
        description = "How many to show (default: ${DEFAULT-VALUE}; 0 = all).")
    int top;

    @picocli.CommandLine.Mixin EventTimeOption at;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Override
    public Integer call() {
      if (top < 0) {
        throw new IllegalArgumentException("--top: must be 0 or more");
      }
      Instant when = at.instant();
      LoadedCatalog loaded = load(catalog);
      var ranking =
          dev.haechi.resilience.simulation.WorstCaseRanking.rank(
              CatalogGraph.compile(loaded.catalog()), when);
      var shown = top == 0 ? ranking : ranking.subList(0, Math.min(top, ranking.size()));
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        System.out.println(
            FindingReport.JSON.writeValueAsString(java.util.Map.of("ranking", shown)));
      } else {
        System.out.printf(
            "%-4s %-28s %10s %8s %10s %10s%n",
            "#", "TARGET", "IMPACT", "STOPPED", "DESTROYED", "DATA LOST");
        int i = 1;
        for (var r : shown) {
          System.out.printf(
              "%-4d %-28s %10d %8d %10d %10d%n",
              i++, r.target(), r.impact(), r.stopped(), r.destroyed(), r.dataLostForGood());
        }
      }
      return ExitCodes.OK;
    }
  }
}
