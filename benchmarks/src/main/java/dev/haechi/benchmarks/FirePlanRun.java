package dev.haechi.benchmarks;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.Crew;
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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The government demo's fire ({@code dj-5f-r7}) planned for 20 crews exactly as {@code haechi
 * resilience plan --time-limit T --seed S} plans it (issue 14 item 5: ≤ 2% gap in ≤ 10 s), with
 * each step's wall time and the main thread's CPU time beside it, and the process CPU time since
 * the JVM started (JVM start, class loading and JIT included), since the machine is shared.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.FirePlanRun DIR [crews] [time-limit-seconds] [seed] [runs]} (defaults 20,
 * 10, 0, 1): DIR gets the government demo (full scale, default seed) when it does not exist yet
 * (not timed); each run loads, simulates and plans in the same JVM (the first is the cold one).
 */
public final class FirePlanRun {
  private FirePlanRun() {}

  public static void main(String[] args) throws IOException {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    Path dir = Path.of(args[0]);
    int crews = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 0L;
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    if (!Files.isDirectory(dir.resolve("government"))) {
      DemoOrganisations.generate(
          dir, new DemoOptions(DemoOptions.DEFAULT_SEED, 1.0, Set.of("government")));
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int r = 1; r <= runs; r++) {
      long p0 = os.getProcessCpuTime();
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Catalog catalog = CatalogLoader.load(dir.resolve("government")).catalog();
      long c1 = threads.getCurrentThreadCpuTime();
      long t1 = System.nanoTime();
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
      long c2 = threads.getCurrentThreadCpuTime();
      long t2 = System.nanoTime();
      Duration limit = Duration.ofMillis(Math.round(seconds * 1000));
      // the CLI's options (haechi resilience plan --time-limit T --seed S)
      PlanOutcome result =
          RestorationPlanner.plan(problem, PlannerOptions.withTimeLimit(limit).withSeed(seed));
      long c3 = threads.getCurrentThreadCpuTime();
      long t3 = System.nanoTime();
      long p3 = os.getProcessCpuTime();
      if (result instanceof PlanOutcome.Infeasible inf) {
        System.out.println("infeasible: " + inf.reasons());
        return;
      }
      RestorationPlan plan = ((PlanOutcome.Planned) result).plan();
      System.out.printf(
          "run %d: %d tasks, %d crews, limit %.1f s, seed %d: makespan gap %.2f%%, weighted gap"
              + " %.2f%%, score %s, stopped: %s%n",
          r,
          problem.tasks().size(),
          crews,
          seconds,
          seed,
          plan.makespanGapPercent(),
          plan.weightedGapPercent(),
          plan.score(),
          plan.stoppedBecause());
      System.out.printf(
          "  load catalog %.2f s wall / %.2f s CPU; simulate + problem %.2f / %.2f; plan %.2f s"
              + " wall / %.2f s main-thread CPU (planner's solveSeconds %.2f); process CPU %.2f s"
              + " for the run, %.2f s since JVM start (%.2f s wall since JVM start); load"
              + " average %.1f; %d cores, Java %s%n",
          (t1 - t0) / 1e9,
          (c1 - c0) / 1e9,
          (t2 - t1) / 1e9,
          (c2 - c1) / 1e9,
          (t3 - t2) / 1e9,
          (c3 - c2) / 1e9,
          plan.solveTime().toMillis() / 1000.0,
          (p3 - p0) / 1e9,
          p3 / 1e9,
          (System.currentTimeMillis() - jvmStart) / 1000.0,
          os.getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
    }
  }
}
