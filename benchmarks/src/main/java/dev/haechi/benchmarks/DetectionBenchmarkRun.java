package dev.haechi.benchmarks;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.WindowsEvtxPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end benchmark of the detection engine (issue 4, workload b): loads the whole SigmaHQ
 * corpus with windows-evtx, turns the regression events into JSON lines, replicates them to {@code
 * args[0]} events (default 500,000) and reports events/s on one thread, parsing included, for the
 * candidate index and (on a tenth of the events) the full scan, per wall-clock second and per
 * CPU-second of the evaluating thread (the honest figure on a shared machine).
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.DetectionBenchmarkRun [events] [path to the SigmaHQ corpus]} (defaults:
 * 500,000 and {@code ../shared/data/sigma}).
 */
public final class DetectionBenchmarkRun {
  private DetectionBenchmarkRun() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
    Path sigma = Path.of(args.length > 1 ? args[1] : "../shared/data/sigma");
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.list(sigma)) {
      s.filter(p -> p.getFileName().toString().startsWith("rules")).sorted().forEach(dirs::add);
    }
    long t0 = System.nanoTime();
    RuleSet rules = RuleLoader.load(dirs);
    DetectionEngine engine =
        DetectionEngine.compile(rules, List.of(WindowsEvtxPipeline.instance()));
    System.out.printf(
        "loaded+compiled %d rules in %.1f s%n",
        engine.rules().size(), (System.nanoTime() - t0) / 1e9);
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "heap used after compile (after GC): %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
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
    long bytes = lines.stream().mapToLong(String::length).sum();
    System.out.printf(
        "%d distinct events, %.0f bytes on average%n", lines.size(), (double) bytes / lines.size());
    long[] alerts = new long[1];
    for (int warm = 0; warm < 3; warm++) {
      run(engine, lines, Math.min(total, 100_000), alerts, false);
    }
    alerts[0] = 0;
    double indexed = run(engine, lines, total, alerts, false);
    System.out.printf(
        "candidate index: %d events, %.0f events/s, %d alerts%n", total, indexed, alerts[0]);
    alerts[0] = 0;
    double scan = run(engine, lines, total / 10, alerts, true);
    System.out.printf(
        "full scan:       %d events, %.0f events/s, %d alerts%n", total / 10, scan, alerts[0]);
  }

  private static double run(
      DetectionEngine engine, List<String> lines, int n, long[] alerts, boolean fullScan) {
    JsonMapper mapper = JsonMapper.builder().build();
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long startCpu = cpu.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String line = lines.get(i % lines.size());
      if (fullScan) {
        alerts[0] += engine.matchFullScan(mapper.readTree(line)).size();
      } else {
        engine.evaluate(line, a -> alerts[0]++);
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9;
    System.out.printf(
        "  (%d events: %.1f s wall, %.1f s CPU, %.0f events per CPU-second)%n",
        n, wall, cpuSeconds, n / cpuSeconds);
    return n / wall;
  }
}
