package dev.haechi.benchmarks;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.LowerBounds;
import dev.haechi.resilience.recovery.PlanOutcome;
import dev.haechi.resilience.recovery.PlannerOptions;
import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationPlanner;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * End-to-end benchmark of the restoration planner (issue 6): the government demo organisation (full
 * scale, default seed) after a fire in the 5th-floor battery room {@code dj-5f-r7}, planned for 20
 * crews. Target: makespan within 5% of its proven lower bound and weighted completion better than
 * the greedy grade-first schedule, within 30 s of solving.
 *
 * <p>Run: {@code java -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.RestorationPlanRun [crews] [seconds] [seed]} (defaults 20, 30, 0). Prints
 * the problem size, the bounds, the greedy and planned figures and gaps, and the solve time (wall
 * time of {@code RestorationPlanner.plan}, including the greedy schedule and the bounds).
 */
public final class RestorationPlanRun {
  private RestorationPlanRun() {}

  public static void main(String[] args) throws IOException {
    int crews = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 0L;
    Path dir = Files.createTempDirectory("haechi-plan-bench");
    try {
      DemoOrganisations.generate(
          dir, new DemoOptions(DemoOptions.DEFAULT_SEED, 1.0, Set.of("government")));
      Catalog catalog = CatalogLoader.load(dir.resolve("government")).catalog();
      SimulationResult outcome =
          new Simulator(CatalogGraph.compile(catalog))
              .run(
                  new Scenario(
                      List.of(Loss.parse("zone:dj-5f-r7")),
                      Event.FIRE,
                      Instant.parse("2025-09-26T11:20:00Z")))
              .toResult();
      RestorationProblem problem =
          RestorationProblem.fromSimulation(catalog, outcome, Crew.count(crews));
      PlannerOptions options =
          new PlannerOptions(
              Duration.ofSeconds(seconds),
              Duration.ofSeconds(seconds),
              seed,
              PlannerOptions.DEFAULT_MAKESPAN_TOLERANCE_PERCENT,
              0L);
      PlanOutcome result = RestorationPlanner.plan(problem, options);
      if (result instanceof PlanOutcome.Infeasible inf) {
        System.out.println("infeasible: " + inf.reasons());
        return;
      }
      RestorationPlan plan = ((PlanOutcome.Planned) result).plan();
      LowerBounds b = plan.bounds();
      long work = problem.tasks().stream().mapToLong(t -> t.effort().toMinutes()).sum();
      System.out.printf(
          "restoration plan, government demo, fire in dj-5f-r7: %d tasks, %d crews, %.1f crew-hours%n",
          problem.tasks().size(), crews, work / 60.0);
      System.out.printf(
          "bounds (h): makespan %.2f [critical path %.2f, longest task %.2f, work/crews %.2f,"
              + " crew class %.2f, head-tail %.2f]; weighted completion %d [by grade %d,"
              + " parallel %d, mean busy %d] (weight x minutes)%n",
          b.makespan() / 60.0,
          b.criticalPath() / 60.0,
          b.longestTask() / 60.0,
          b.workPerCrew() / 60.0,
          b.crewClass() / 60.0,
          b.headTail() / 60.0,
          b.weightedCompletion(),
          b.weightedByGrade(),
          b.weightedParallel(),
          b.weightedMeanBusy());
      System.out.printf(
          "greedy: makespan %.2f h (gap %.2f%%), weighted completion %d (gap %.2f%%), RTO breaches %d%n",
          plan.greedy().makespan() / 60.0,
          LowerBounds.gapPercent(plan.greedy().makespan(), b.makespan()),
          plan.greedy().weightedCompletion(),
          LowerBounds.gapPercent(plan.greedy().weightedCompletion(), b.weightedCompletion()),
          plan.greedy().rtoBreaches());
      System.out.printf(
          "planned: makespan %.2f h (gap %.2f%%), weighted completion %d (gap %.2f%%, %.2f%% below"
              + " greedy), RTO breaches %d, score %s, solve time %.1f s, %d cores, Java %s%n",
          plan.figures().makespan() / 60.0,
          plan.makespanGapPercent(),
          plan.figures().weightedCompletion(),
          plan.weightedGapPercent(),
          100.0
              * (plan.greedy().weightedCompletion() - plan.figures().weightedCompletion())
              / plan.greedy().weightedCompletion(),
          plan.figures().rtoBreaches(),
          plan.score(),
          plan.solveTime().toMillis() / 1000.0,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
