package dev.haechi.benchmarks;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Breach Watch workload (a) of issue 4: the retailer demo's gateway events ({@code
 * events/gateway.jsonl}, 1,000,003 events at scale 1) through the built-in pack and, unless {@code
 * none}, the whole SigmaHQ corpus (with the {@code ecs} pipeline), identity-aware (the retailer's
 * identity directory as of 2025-11-01), one thread, the file streamed line by line (JSON parsing
 * and reading included).
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.GatewayDetectionRun [scale=1.0] [sigma=../shared/data/sigma|none]
 * [demoDir]}. Prints events/s (wall and per CPU-second), per-event latency percentiles, peak heap,
 * the forged-token alerts with the time of the first, and an order-sensitive digest of the alerts
 * (each alert's rule id and event number: equal digests, the same alerts for the same events in the
 * same order).
 */
public final class GatewayDetectionRun {
  private GatewayDetectionRun() {}

  /** What one run measured. */
  public record Result(
      long events, long alerts, long forgedAlerts, String firstForged, double eventsPerSecond) {}

  public static void main(String[] args) throws Exception {
    double scale = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    String sigma = args.length > 1 ? args[1] : "../shared/data/sigma";
    Path demo = args.length > 2 ? Path.of(args[2]) : null;
    run(scale, "none".equals(sigma) ? null : Path.of(sigma), demo, true);
  }

  public static Result run(double scale, Path sigma, Path demoDir, boolean print) throws Exception {
    Path dir = demoDir;
    if (dir == null || !Files.isRegularFile(dir.resolve("retailer/events/gateway.jsonl"))) {
      dir = demoDir != null ? demoDir : Files.createTempDirectory("haechi-gateway-bench");
      long g = System.nanoTime();
      DemoOrganisations.generate(
          dir, new DemoOptions(DemoOptions.DEFAULT_SEED, scale, Set.of("retailer")));
      if (print) {
        System.out.printf("generated the retailer in %.1f s%n", (System.nanoTime() - g) / 1e9);
      }
    }
    Path retailer = dir.resolve("retailer");
    long t0 = System.nanoTime();
    IdentityContext identity =
        LeaverGuardIdentity.fromDirectory(retailer, LocalDate.parse("2025-11-01"), Map.of());
    RuleSet rules = BuiltinRules.load();
    if (sigma != null) {
      List<Path> dirs = new ArrayList<>();
      try (Stream<Path> s = Files.list(sigma)) {
        s.filter(p -> p.getFileName().toString().startsWith("rules")).sorted().forEach(dirs::add);
      }
      rules = BuiltinRules.merge(RuleLoader.load(dirs), rules);
    }
    DetectionEngine engine =
        IdentityAwareEngine.compile(rules, List.of(PipelineLoader.resolve("ecs")), identity);
    if (print) {
      System.out.printf(
          "identity %s; %d rules compiled in %.1f s%n",
          identity, engine.rules().size(), (System.nanoTime() - t0) / 1e9);
    }
    Path events = retailer.resolve("events/gateway.jsonl");
    long total;
    try (Stream<String> s = Files.lines(events)) {
      total = s.count();
    }
    // Warm-up on the first tenth (its own engine state), then the measured pass on a fresh engine.
    pass(engine, events, total / 10, null, false);
    DetectionEngine measured =
        IdentityAwareEngine.compile(rules, List.of(PipelineLoader.resolve("ecs")), identity);
    DetectionBenchmarkRun.resetPeaks();
    long[] latencies = new long[(int) total];
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long startCpu = cpu.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long[] counts = pass(measured, events, total, latencies, true);
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9;
    Arrays.sort(latencies);
    String first = firstForged;
    if (print) {
      System.out.printf(
          "%d events in %.2f s wall (%.2f s CPU): %.0f events/s, %.0f per CPU-second%n",
          total, wall, cpuSeconds, total / wall, total / cpuSeconds);
      System.out.printf(
          "per-event latency: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs; peak heap %d MB%n",
          latencies[(int) (total / 2)] / 1e3,
          latencies[(int) (total * 0.99)] / 1e3,
          latencies[(int) (total * 0.999)] / 1e3,
          DetectionBenchmarkRun.peakHeap() >> 20);
      System.out.printf(
          "alerts %d; forged-token alerts %d, the first at %s; digest %016x%n",
          counts[0], counts[1], first, digest);
    }
    return new Result(total, counts[0], counts[1], first, total / wall);
  }

  private static String firstForged;

  /** Order-sensitive digest of the measured pass's alerts (rule id and event number of each). */
  private static long digest;

  private static long[] pass(
      DetectionEngine engine, Path events, long n, long[] latencies, boolean record)
      throws java.io.IOException {
    long[] counts = new long[2];
    if (record) {
      firstForged = null;
      digest = 0;
    }
    try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
      long before = System.nanoTime();
      for (int i = 0; i < n; i++) {
        String line = in.readLine();
        if (line == null) {
          break;
        }
        long event = i;
        engine.evaluate(
            line,
            a -> {
              counts[0]++;
              if (record) {
                digest = digest * 0x100000001B3L + (a.ruleId().hashCode() * 31L + event);
              }
              if (BuiltinRules.UNTRUSTED_KEY.equals(a.ruleId())) {
                counts[1]++;
                if (record && firstForged == null) {
                  firstForged = a.timestamp();
                }
              }
            });
        if (latencies != null) {
          long now = System.nanoTime();
          latencies[i] = now - before;
          before = now;
        }
      }
    }
    return counts;
  }
}
