package dev.haechi.benchmarks;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.exercise.builtin.BuiltinScenarios;
import dev.haechi.exercise.run.ExerciseListener;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.scenario.Scenario;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Issue 16 item 6: the built-in {@code coupang-2025} replay with N background events (10 million by
 * default) through the production engine, end to end as {@code haechi exercise run} does it
 * (telemetry generation, the identity-aware engine with the built-in pack, attribution, scoring),
 * on the retailer world the app uses for the built-ins (scale {@value #RETAILER_SCALE}). The
 * background rate is set so that the scenario's one simulated day holds N events.
 *
 * <p>Run with the JVM options {@code ./haechi exercise run} uses (the launcher script's defaults,
 * see BENCHMARKS.md "Exercise"): {@code java -XX:+UseParallelGC -Xms2g -Xmn1g -cp
 * benchmarks/target/haechi-benchmarks.jar dev.haechi.benchmarks.ExerciseBenchmarkRun
 * [events=10000000] [worldsDir]}. Prints wall time, the run thread's CPU time, the process CPU time
 * (GC and JIT threads included) and its split by thread kind ({@link ThreadCpu}; the telemetry
 * thread has ended by then, so its time is what the others leave of the process CPU), events per
 * CPU-second, the collector and heap, the load average before and after, and each inject's outcome
 * and time to detect.
 */
public final class ExerciseBenchmarkRun {
  /** The retailer's scale for the built-ins (as {@code ScenarioSource.RETAILER_SCALE} in app). */
  public static final double RETAILER_SCALE = 0.05;

  private static final double SIMULATED_SECONDS = Duration.ofDays(1).toSeconds();

  /**
   * Linux thread names (as {@code /proc} shows them) of the run's own threads: the caller's thread
   * ({@code java}) runs detection's ordered stage. The telemetry thread (generation and the
   * engine's per-event stage) has ended when the run returns: its time is the rest of the process
   * CPU.
   */
  static final java.util.Map<String, String> THREAD_LABELS =
      java.util.Map.of("java", "detection thread");

  private ExerciseBenchmarkRun() {}

  /** What one run measured. */
  public record Measured(
      ExerciseResult result, double wallSeconds, double threadCpuSeconds, double processCpu) {
    long events() {
      return result.backgroundEvents() + result.attackEvents();
    }
  }

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
    Path worlds = args.length > 1 ? Path.of(args[1]) : null;
    run(events, worlds, RETAILER_SCALE, true);
  }

  public static Measured run(long backgroundEvents, Path worldsDir, double scale, boolean print)
      throws Exception {
    Path worlds =
        worldsDir != null ? worldsDir : Files.createTempDirectory("haechi-exercise-bench");
    DemoOptions options = new DemoOptions(DemoOptions.DEFAULT_SEED, scale, Set.of("retailer"));
    if (!DemoOrganisations.isCurrent(worlds, options)) {
      long g = System.nanoTime();
      DemoOrganisations.generate(worlds, options);
      if (print) {
        System.out.printf(
            "generated the retailer (scale %s) in %.1f s%n", scale, (System.nanoTime() - g) / 1e9);
      }
    }
    Scenario s =
        BuiltinScenarios.load("coupang-2025", worlds)
            .withBackgroundRate(backgroundEvents / SIMULATED_SECONDS);
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    ExerciseRunner.Prepared prepared = ExerciseRunner.prepare(s);
    double prepareSeconds = (System.nanoTime() - t0) / 1e9;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long proc0 = os.getProcessCpuTime();
    java.util.Map<String, Long> tasks0 = ThreadCpu.snapshot();
    long w0 = System.nanoTime();
    ExerciseResult r =
        prepared.run(
            print
                ? new ExerciseListener() {
                  int shown = -1;

                  @Override
                  public void progress(
                      Instant simulated, double fraction, long events, long alerts) {
                    int tenth = (int) (fraction * 10);
                    if (tenth != shown) {
                      shown = tenth;
                      System.out.printf(
                          "  %3d%% simulated, %,d events, %,d alerts, %.1f s wall%n",
                          tenth * 10, events, alerts, (System.nanoTime() - w0) / 1e9);
                    }
                  }
                }
                : null);
    double wall = (System.nanoTime() - w0) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    double proc = (os.getProcessCpuTime() - proc0) / 1e9;
    java.util.Map<String, Double> kinds =
        ThreadCpu.byKind(tasks0, ThreadCpu.snapshot(), THREAD_LABELS);
    Measured m = new Measured(r, wall, cpu, proc);
    if (print) {
      long n = m.events();
      System.out.printf(
          "coupang-2025: %,d background + %,d attack events; world and rules read in %.1f s%n",
          r.backgroundEvents(), r.attackEvents(), prepareSeconds);
      System.out.printf(
          "run: %.1f s wall, %.1f s CPU on the run thread (%.2f µs/event, %,.0f events per"
              + " CPU-second), %.1f s process CPU; %,.0f events/s wall%n",
          wall, cpu, cpu * 1e6 / n, n / cpu, proc, n / wall);
      if (!kinds.isEmpty()) {
        double seen = 0;
        for (double v : kinds.values()) {
          seen += v;
        }
        kinds.put("ended threads (telemetry)", Math.max(0, proc - seen));
        System.out.println("process CPU by thread: " + ThreadCpu.format(kinds));
      }
      System.out.printf(
          "load average before %s, after %s; collectors %s, max heap %d MB%n",
          loadBefore,
          loadAverage(),
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .map(java.lang.management.GarbageCollectorMXBean::getName)
              .toList(),
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf(
          "score %d; alerts %,d (%,d on background only)%n",
          r.score(), r.alerts(), r.falsePositives());
      for (InjectResult i : r.injects()) {
        System.out.printf(
            "  %-16s %-10s time to detect %s%n",
            i.inject().id(), i.outcome().label(), i.timeToDetect());
      }
    }
    return m;
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return String.format(
          "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
