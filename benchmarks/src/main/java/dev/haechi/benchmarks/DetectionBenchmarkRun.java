package dev.haechi.benchmarks;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.WindowsEvtxPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end benchmark of the detection engine (issue 4, workload b): loads the whole SigmaHQ
 * corpus with windows-evtx, turns the regression events into JSON lines, replicates them to {@code
 * args[0]} events (default 500,000) and reports, on one thread, parsing included: events/s per
 * wall-clock second and per CPU-second of the evaluating thread (the honest figure on a shared
 * machine), per-event latency percentiles (every event timed, sorted), peak heap, and the full scan
 * (the reference evaluator) on {@code args[2]} events (default a tenth; 0 skips it) with its alert
 * count checked against the index's on the same events.
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.DetectionBenchmarkRun [events] [path to the SigmaHQ corpus] [full-scan
 * events]} (defaults: 500,000, {@code ../shared/data/sigma}, events / 10).
 */
public final class DetectionBenchmarkRun {
  private DetectionBenchmarkRun() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    Path sigma = Path.of(args.length > 1 ? args[1] : "../shared/data/sigma");
    int scanned = args.length > 2 ? Integer.parseInt(args[2]) : total / 10;
    long t0 = System.nanoTime();
    DetectionEngine engine = corpusEngine(sigma);
    System.out.printf(
        "loaded+compiled %d rules in %.1f s%n",
        engine.rules().size(), (System.nanoTime() - t0) / 1e9);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "heap used after compile (after GC): %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    List<String> lines = regressionLines(sigma);
    long bytes = lines.stream().mapToLong(String::length).sum();
    System.out.printf(
        "%d distinct events, %.0f bytes on average%n", lines.size(), (double) bytes / lines.size());
    for (int warm = 0; warm < 3; warm++) {
      run(engine, lines, Math.min(total, 100_000), false, null);
    }
    resetPeaks();
    long[] latencies = new long[total];
    digest = 0;
    long alerts = run(engine, lines, total, false, latencies);
    System.out.printf(
        "candidate index: %d events, %d alerts, digest %016x%n", total, alerts, digest);
    Arrays.sort(latencies);
    System.out.printf(
        "  per-event latency: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.1f µs%n",
        latencies[total / 2] / 1e3,
        latencies[(int) (total * 0.99)] / 1e3,
        latencies[(int) (total * 0.999)] / 1e3,
        latencies[total - 1] / 1e3);
    System.out.printf(
        "  peak heap (sum of heap pool peaks, -Xmx bound): %d MB%n", peakHeap() >> 20);
    if (scanned > 0) {
      long fast = run(engine, lines, scanned, false, null);
      long slow = run(engine, lines, scanned, true, null);
      System.out.printf(
          "full scan: %d events, %d alerts (index on the same events: %d)%n", scanned, slow, fast);
    }
  }

  /** The SigmaHQ corpus (every {@code rules*} directory) compiled with windows-evtx. */
  static DetectionEngine corpusEngine(Path sigma) throws java.io.IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(sigma)) {
      s.filter(p -> p.getFileName().toString().startsWith("rules")).sorted().forEach(dirs::add);
    }
    RuleSet rules = RuleLoader.load(dirs);
    return DetectionEngine.compile(rules, List.of(WindowsEvtxPipeline.instance()));
  }

  /** Every regression event of the corpus as one JSON line, in file order. */
  static List<String> regressionLines(Path sigma) throws java.io.IOException {
    JsonMapper mapper = JsonMapper.builder().build();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> s = Files.walk(sigma.resolve("regression_data"))) {
      for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        try (JsonParser p = mapper.createParser(f.toFile());
            MappingIterator<JsonNode> it = mapper.readValues(p, JsonNode.class)) {
          while (it.hasNext()) {
            lines.add(mapper.writeValueAsString(it.next()));
          }
        }
      }
    }
    return lines;
  }

  /** Resets the heap pools' peak usage (shared with {@link GatewayDetectionRun}). */
  static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peak usage since {@link #resetPeaks}. */
  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /**
   * Order-sensitive digest of the alerts of the runs since it was last reset: each alert's rule id
   * and event number (equal digests: the same alerts for the same events, in the same order).
   */
  private static long digest;

  /** Evaluates {@code n} events; returns the alert count and fills {@code latencies} if given. */
  private static long run(
      DetectionEngine engine, List<String> lines, int n, boolean fullScan, long[] latencies) {
    JsonMapper mapper = JsonMapper.builder().build();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] alerts = new long[1];
    long startCpu = cpu.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long before = start;
    for (int i = 0; i < n; i++) {
      String line = lines.get(i % lines.size());
      if (fullScan) {
        alerts[0] += engine.matchFullScan(mapper.readTree(line)).size();
      } else {
        int event = i;
        engine.evaluate(
            line,
            a -> {
              alerts[0]++;
              digest = digest * 0x100000001B3L + (a.ruleId().hashCode() * 31L + event);
            });
      }
      if (latencies != null) {
        long now = System.nanoTime();
        latencies[i] = now - before;
        before = now;
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9;
    System.out.printf(
        "  %s %d events: %.2f s wall, %.2f s CPU, %.0f events/s, %.0f events per CPU-second%n",
        fullScan ? "full scan" : "index", n, wall, cpuSeconds, n / wall, n / cpuSeconds);
    return alerts[0];
  }
}
