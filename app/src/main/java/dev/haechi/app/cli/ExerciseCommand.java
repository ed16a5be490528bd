package dev.haechi.app.cli;

import dev.haechi.app.exercise.ScenarioSource;
import dev.haechi.exercise.report.AfterActionReport;
import dev.haechi.exercise.report.NavigatorLayer;
import dev.haechi.exercise.report.ResultJson;
import dev.haechi.exercise.run.ExerciseListener;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.ExpectationResult;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code haechi exercise}: scored scenarios (FORMATS.md §4, §6). */
@Command(
    name = "exercise",
    mixinStandardHelpOptions = true,
    description = "Exercise: run scenarios against the organisation's own model and score them.",
    subcommands = {ExerciseCommand.Run.class})
public class ExerciseCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required (see 'haechi exercise --help')");
  }

  /** {@code haechi exercise run SCENARIO}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Run a scenario: a built-in (coupang-2025, nirs-2025) or a scenario file (FORMATS.md §6).",
        "Attack injects go through the production detection engine in simulated time, failure",
        "injects through the simulator and the restoration planner; the result is scored."
      })
  public static class Run implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "coupang-2025, nirs-2025 or a file.")
    String scenario;

    @Option(
        names = "--navigator",
        paramLabel = "FILE",
        description = "Write an ATT&CK Navigator layer (format 4.5) of the run.")
    Path navigator;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Write the after-action report: HTML when FILE ends in .html, else Markdown.")
    Path report;

    @Option(
        names = "--background-rate",
        paramLabel = "PER_SECOND",
        description = "Override the scenario's background gateway rate (requests per second).")
    Double backgroundRate;

    @Option(
        names = "--home",
        paramLabel = "DIR",
        description = "Where the built-ins' worlds are kept (default: $HAECHI_HOME, else ./data).")
    Path home;

    @Option(names = "--format", description = "table or json (default: table on a terminal).")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
      StoreOptions store = new StoreOptions();
      store.home = home;
      Scenario s = ScenarioSource.resolve(scenario, store.home());
      if (backgroundRate != null) {
        if (!(backgroundRate >= 0) || backgroundRate > 1_000_000) {
          throw new IllegalArgumentException("--background-rate: between 0 and 1000000");
        }
        s = s.withBackgroundRate(backgroundRate);
      }
      // The restoration planner's solver logs each phase at INFO on standard output, which broke
      // --format json for scenarios with failure injects; the command prints its own result.
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ai.timefold"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
      ExerciseRunner.Prepared prepared = ExerciseRunner.prepare(s);
      boolean tty = System.console() != null;
      ExerciseResult r = prepared.run(tty ? new Progress() : ExerciseListener.NONE);
      if (tty) {
        System.err.print("\r\033[K");
      }
      if (navigator != null) {
        Files.writeString(navigator, NavigatorLayer.text(r), StandardCharsets.UTF_8);
      }
      if (report != null) {
        String name = report.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Files.writeString(
            report,
            name.endsWith(".html") || name.endsWith(".htm")
                ? AfterActionReport.html(r)
                : AfterActionReport.markdown(r),
            StandardCharsets.UTF_8);
      }
      if (OutputFormat.defaultFor(format) == OutputFormat.json) {
        System.out.println(ResultJson.text(r));
      } else {
        table(r);
      }
      return ExitCodes.OK;
    }

    private static void table(ExerciseResult r) {
      Scenario s = r.scenario();
      System.out.printf(
          "%s — %s%nscore %d/100   %,d background + %,d attack events, %,d alerts (%,d on"
              + " background only), %.1f s%n",
          s.name(),
          s.title(),
          r.score(),
          r.backgroundEvents(),
          r.attackEvents(),
          r.alerts(),
          r.falsePositives(),
          r.wallTime().toMillis() / 1000.0);
      System.out.printf(
          "how the score was reached: %s%n%n", dev.haechi.exercise.run.Scoring.explain(r));
      System.out.printf(
          "%-18s %-22s %-10s %-10s %-12s %s%n",
          "INJECT", "TYPE", "TECHNIQUE", "OUTCOME", "DETECT/BACK", "WHY");
      for (InjectResult i : r.injects()) {
        String when =
            i.timeToDetect() != null
                ? "+" + fmt(i.timeToDetect())
                : i.grade1RestoredAfter() != null && i.stopped() != null
                    ? "g1 " + fmt(i.grade1RestoredAfter())
                    : "-";
        System.out.printf(
            "%-18s %-22s %-10s %-10s %-12s %s%n",
            i.inject().id(),
            i.inject().type().label(),
            i.inject().technique() == null ? "-" : i.inject().technique(),
            i.outcome() == null ? "-" : i.outcome().label(),
            when,
            i.why());
        if (i.wouldCatch() != null) {
          System.out.printf("%-18s would have caught it: %s%n", "", i.wouldCatch());
        }
      }
      if (!r.expectations().isEmpty()) {
        System.out.println();
        for (ExpectationResult e : r.expectations()) {
          System.out.printf(
              "%s %-18s %s%n", e.met() ? "MET    " : "NOT MET", e.expectation().inject(), e.why());
        }
      }
      r.notes().forEach(n -> System.out.println("note: " + n));
    }

    static String fmt(Duration d) {
      long s = d.getSeconds();
      if (s < 3600) {
        return s / 60 + "m" + (s % 60 > 0 ? s % 60 + "s" : "");
      }
      return String.format("%.1fh", s / 3600.0);
    }
  }

  /** A one-line progress display on standard error. */
  static final class Progress implements ExerciseListener {
    private long last;

    @Override
    public void progress(Instant simulated, double fraction, long events, long alerts) {
      long now = System.nanoTime();
      if (now - last < 200_000_000L && fraction < 1) {
        return;
      }
      last = now;
      System.err.printf(
          "\r\033[Khaechi: %3.0f%%  simulated %s  %,d events  %,d alerts",
          fraction * 100, simulated, events, alerts);
    }
  }
}
