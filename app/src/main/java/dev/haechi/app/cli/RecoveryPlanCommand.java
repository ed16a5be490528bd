package dev.haechi.app.cli;

import dev.haechi.core.Durations;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.CrewsFile;
import dev.haechi.resilience.recovery.Infeasibility;
import dev.haechi.resilience.recovery.LowerBounds;
import dev.haechi.resilience.recovery.PlanOutcome;
import dev.haechi.resilience.recovery.PlannedTask;
import dev.haechi.resilience.recovery.PlannerOptions;
import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationPlanner;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.recovery.ServiceEta;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code haechi resilience plan}: the restoration schedule after a simulated disaster for a number
 * of crews, with its proven lower bounds, the gap to them, and the greedy grade-first schedule for
 * comparison (issue 6). Times are hours after the event.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Plan the restoration after losing zones, sites or assets: which crew restores which",
      "system when, minimising grade-weighted completion time (Timefold Solver), with proven",
      "lower bounds, the gap to them, and the greedy grade-first schedule for comparison."
    })
public class RecoveryPlanCommand implements Callable<Integer> {
  @Option(names = "--catalog", required = true, paramLabel = "DIR", description = "Catalog folder.")
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

  @Mixin EventTimeOption at;

  @Option(
      names = "--crews",
      paramLabel = "N",
      defaultValue = "10",
      description = "Restoration crews working in parallel (default: ${DEFAULT-VALUE}).")
  int crews;

  @Option(
      names = "--crews-file",
      paramLabel = "FILE",
      description =
          "Crews with sites and skills (YAML or JSON, FORMATS.md §4): used instead of --crews.")
  Path crewsFile;

  @Option(
      names = "--time-limit",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Longest time to search for a better plan (default: ${DEFAULT-VALUE}).")
  String timeLimit;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Solver seed: the same seed and limit give the same search (default: 0).")
  long seed;

  @Option(
      names = "--show",
      paramLabel = "N",
      defaultValue = "25",
      description =
          "Tasks listed in the table, in start order (default: ${DEFAULT-VALUE}; JSON has all).")
  int show;

  @Option(names = "--format", description = "table or json (default: table on a terminal).")
  OutputFormat format;

  @Override
  public Integer call() {
    if (crews < 1 || crews > 10_000) {
      throw new IllegalArgumentException("--crews: between 1 and 10000, not " + crews);
    }
    Duration limit = Durations.parse(timeLimit);
    if (limit.isZero() || limit.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--time-limit: above 0 and at most 1h");
    }
    // The solver logs each phase at INFO; the command prints its own summary.
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ai.timefold"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    List<Loss> losses = lose.stream().map(Loss::parse).toList();
    LoadedCatalog loaded = ResilienceCommand.load(catalog);
    SimulationResult outcome =
        new Simulator(CatalogGraph.compile(loaded.catalog()))
            .run(new Scenario(losses, Event.parse(event), at.instant()))
            .toResult();
    List<Crew> crewList = Crew.count(crews);
    if (crewsFile != null) {
      String text;
      try {
        text = java.nio.file.Files.readString(crewsFile);
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        throw new dev.haechi.core.InputException(
            crewsFile.toString(), 0, "cannot read: " + e.getMessage());
      }
      crewList =
          CrewsFile.parse(
              crewsFile.toString(),
              text,
              loaded.catalog().sites().stream()
                  .map(dev.haechi.resilience.catalog.Site::name)
                  .collect(java.util.stream.Collectors.toSet()));
      crews = crewList.size();
    }
    RestorationProblem problem =
        RestorationProblem.fromSimulation(loaded.catalog(), outcome, crewList);
    if (System.console() != null) {
      System.err.printf(
          "haechi: planning %d tasks for %d crews (searching up to %s)...%n",
          problem.tasks().size(), crews, Durations.format(limit));
    }
    PlanOutcome result =
        RestorationPlanner.plan(problem, PlannerOptions.withTimeLimit(limit).withSeed(seed));
    if (result instanceof PlanOutcome.Infeasible inf) {
      List<Infeasibility> reasons = inf.reasons();
      reasons.forEach(r -> System.err.println("haechi: infeasible: " + r.reason()));
      throw reasons.get(0).toInputException(catalog.toString());
    }
    RestorationPlan plan = ((PlanOutcome.Planned) result).plan();
    if (OutputFormat.defaultFor(format) == OutputFormat.json) {
      System.out.println(FindingReport.JSON.writeValueAsString(json(problem, plan)));
    } else {
      table(problem, plan);
    }
    return ExitCodes.OK;
  }

  private Map<String, Object> json(RestorationProblem problem, RestorationPlan plan) {
    Map<String, Object> m = new LinkedHashMap<>();
    // FORMATS.md §4: "tasks" is the schedule as {entity, crew, start, end}, times as durations
    // after the event; "makespan", "weightedCompletion", "lowerBound" and "summary" beside it.
    // Every other field is an addition.
    m.put(
        "tasks",
        plan.tasks().stream()
            .sorted(Comparator.comparing(PlannedTask::start).thenComparing(PlannedTask::system))
            .map(RecoveryPlanCommand::task)
            .toList());
    m.put("makespan", Durations.format(Duration.ofMinutes(plan.figures().makespan())));
    m.put("weightedCompletion", plan.figures().weightedCompletion());
    Map<String, Object> lower = new LinkedHashMap<>();
    lower.put("makespan", Durations.format(Duration.ofMinutes(plan.bounds().makespan())));
    lower.put("weightedCompletion", plan.bounds().weightedCompletion());
    m.put("lowerBound", lower);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("tasks", problem.tasks().size());
    summary.put("crews", crews);
    summary.put("rtoBreaches", plan.figures().rtoBreaches());
    summary.put("makespanGapPercent", plan.makespanGapPercent());
    summary.put("weightedGapPercent", plan.weightedGapPercent());
    summary.put("solveSeconds", plan.solveTime().toMillis() / 1000.0);
    summary.put("stoppedBecause", plan.stoppedBecause());
    m.put("summary", summary);
    m.put("event", event);
    m.put("lost", lose);
    m.put("crews", crews);
    m.put("taskCount", problem.tasks().size());
    m.put("bounds", plan.bounds());
    m.put("planned", plan.figures());
    m.put("greedy", plan.greedy());
    m.put("makespanGapPercent", plan.makespanGapPercent());
    m.put("weightedGapPercent", plan.weightedGapPercent());
    m.put("solveSeconds", plan.solveTime().toMillis() / 1000.0);
    m.put("serviceEtaHours", etas(plan));
    m.put("schedule", plan.tasks().stream().map(RecoveryPlanCommand::row).toList());
    // burned but still running on a surviving replica or standby: no task, rebuilt off the path
    m.put("rebuilds", problem.rebuilds());
    // planned with the default restore effort, since the catalog gives none
    m.put("effortDefaulted", problem.effortDefaulted());
    if (crewsFile != null) {
      m.put("crewList", CrewsFile.describe(problem.crews()));
    }
    return m;
  }

  private static Map<String, Object> task(PlannedTask t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entity", t.system());
    m.put("crew", t.crew());
    m.put("start", Durations.format(t.start()));
    m.put("end", Durations.format(t.finish()));
    m.put("grade", t.grade());
    m.put("status", t.status());
    m.put("rtoBreached", t.rtoBreached());
    return m;
  }

  private static Map<String, Object> row(PlannedTask t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("system", t.system());
    m.put("grade", t.grade());
    m.put("crew", t.crew());
    m.put("startHours", hours(t.start()));
    m.put("finishHours", hours(t.finish()));
    m.put("rtoBreached", t.rtoBreached());
    return m;
  }

  private static Map<String, Double> etas(RestorationPlan plan) {
    Map<String, Double> out = new LinkedHashMap<>();
    plan.serviceEtas().stream()
        .sorted(Comparator.comparing(ServiceEta::eta))
        .forEach(s -> out.put(s.publicName(), hours(s.eta())));
    return out;
  }

  private void table(RestorationProblem problem, RestorationPlan plan) {
    LowerBounds b = plan.bounds();
    long work = problem.tasks().stream().mapToLong(t -> t.effort().toMinutes()).sum();
    System.out.printf(
        "restoration plan after %s (%s): %d systems to restore, %d crews, %.1f crew-hours of work%n",
        event, String.join(", ", lose), problem.tasks().size(), crews, work / 60.0);
    System.out.printf(
        "lower bound   makespan %8.2f h   weighted completion %,15d   (critical path %.2f h,"
            + " work/crews %.2f h)%n",
        b.makespan() / 60.0,
        b.weightedCompletion(),
        b.criticalPath() / 60.0,
        b.workPerCrew() / 60.0);
    System.out.printf(
        "greedy        makespan %8.2f h   weighted completion %,15d   RTO breaches %d%n",
        plan.greedy().makespan() / 60.0,
        plan.greedy().weightedCompletion(),
        plan.greedy().rtoBreaches());
    System.out.printf(
        "planned       makespan %8.2f h   weighted completion %,15d   RTO breaches %d%n",
        plan.figures().makespan() / 60.0,
        plan.figures().weightedCompletion(),
        plan.figures().rtoBreaches());
    long greedy = plan.greedy().weightedCompletion();
    System.out.printf(
        "gap to bound  makespan %+.2f%%   weighted completion %+.2f%% (%.1f%% better than greedy);"
            + " solved in %.1f s (stopped: %s)%n",
        plan.makespanGapPercent(),
        plan.weightedGapPercent(),
        greedy == 0 ? 0.0 : 100.0 * (greedy - plan.figures().weightedCompletion()) / greedy,
        plan.solveTime().toMillis() / 1000.0,
        plan.stoppedBecause());
    System.out.println(
        "(weighted completion: grade weight 1000/100/10/1 x minutes after the event)");
    if (!problem.rebuilds().isEmpty()) {
      System.out.printf(
          "%d systems keep running on a surviving replica or standby (no task; rebuild their lost"
              + " placement off the critical path)%n",
          problem.rebuilds().size());
    }
    if (!problem.effortDefaulted().isEmpty()) {
      System.out.printf(
          "%d tasks use the default restore effort of %s (no haechi.dev/restore-effort): %s%n",
          problem.effortDefaulted().size(),
          Durations.format(dev.haechi.resilience.recovery.EffortRule.DEFAULT_RESTORE_EFFORT),
          String.join(", ", problem.effortDefaulted().stream().limit(5).toList())
              + (problem.effortDefaulted().size() > 5 ? ", ..." : ""));
    }
    if (!plan.serviceEtas().isEmpty()) {
      System.out.println("public services back (hours after the event):");
      etas(plan).forEach((name, h) -> System.out.printf("  %-40s %8.1f h%n", name, h));
    }
    List<PlannedTask> first =
        plan.tasks().stream()
            .sorted(Comparator.comparing(PlannedTask::start).thenComparing(PlannedTask::system))
            .limit(Math.max(0, show))
            .toList();
    if (!first.isEmpty()) {
      System.out.printf("first %d of %d tasks:%n", first.size(), plan.tasks().size());
      System.out.printf(
          "  %-10s %-40s %5s %9s %9s%n", "crew", "system", "grade", "start h", "end h");
      for (PlannedTask t : first) {
        System.out.printf(
            "  %-10s %-40s %5d %9.2f %9.2f%s%n",
            t.crew(),
            t.system(),
            t.grade(),
            hours(t.start()),
            hours(t.finish()),
            t.rtoBreached() ? "  RTO breached" : "");
      }
    }
  }

  private static double hours(Duration d) {
    return d.toMinutes() / 60.0;
  }
}
