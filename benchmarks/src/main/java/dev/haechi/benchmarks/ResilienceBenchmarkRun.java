package dev.haechi.benchmarks;

import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.simulation.BlastRadius;
import dev.haechi.resilience.simulation.RankedTarget;
import dev.haechi.resilience.simulation.Simulator;
import dev.haechi.resilience.simulation.WorstCaseRanking;
import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * End-to-end benchmark of the resilience engine (issue 5): a generated catalog of 100,000
 * components and resources, 1,000 zones and 1,000,000 dependency edges. Targets on the 2-core
 * machine: load ≤ 10 s, one simulation ≤ 50 ms, the worst-case ranking over all zones and sites ≤
 * 30 s.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.ResilienceBenchmarkRun [workloads zones edges] [simulations]} (defaults:
 * the shape, 200 simulations). Load = YAML files read, validated and compiled to the graph;
 * a simulation = a fire in a random zone; figures are wall times in one JVM after the load.
 */
public final class ResilienceBenchmarkRun {
  private ResilienceBenchmarkRun() {}

  /** What one run measured. */
  public record Result(
      int workloads,
      int zones,
      int edges,
      double loadSeconds,
      double compileSeconds,
      double simulationMedianMs,
      double simulationP99Ms,
      double rankingSeconds,
      int rankedTargets,
      long peakHeapMb) {}

  public static void main(String[] args) throws IOException {
    CatalogShape shape =
        args.length >= 3
            ? new CatalogShape(
                10,
                Integer.parseInt(args[1]),
                Integer.parseInt(args[0]),
                Integer.parseInt(args[2]),
                2025L)
            : CatalogShape.benchmark(2025L);
    int simulations = args.length >= 4 ? Integer.parseInt(args[3]) : 200;
    Result r = run(shape, simulations);
    System.out.printf(
        "resilience %d workloads, %d zones, %d edges: load %.2f s (compile %.2f s),"
            + " simulation median %.2f ms p99 %.2f ms, worst-case ranking of %d targets %.2f s,"
            + " peak heap %d MB, %d cores, Java %s%n",
        r.workloads(),
        r.zones(),
        r.edges(),
        r.loadSeconds(),
        r.compileSeconds(),
        r.simulationMedianMs(),
        r.simulationP99Ms(),
        r.rankedTargets(),
        r.rankingSeconds(),
        r.peakHeapMb(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
  }

  public static Result run(CatalogShape shape, int simulations) throws IOException {
    Path dir = Files.createTempDirectory("haechi-resilience-bench");
    try {
      CatalogGenerator.writeTo(dir, shape);
      long t0 = System.nanoTime();
      LoadedCatalog loaded = CatalogLoader.load(dir);
      long t1 = System.nanoTime();
      CatalogGraph graph = CatalogGraph.compile(loaded.catalog());
      long t2 = System.nanoTime();

      Simulator simulator = new Simulator(graph);
      Random random = new Random(7);
      long at = Instant.parse("2025-09-26T00:00:00Z").getEpochSecond();
      for (int i = 0; i < Math.min(20, simulations); i++) {
        simulator.fireInZone(random.nextInt(graph.zoneCount()), at); // warm-up
      }
      double[] ms = new double[simulations];
      long sink = 0;
      for (int i = 0; i < simulations; i++) {
        long s = System.nanoTime();
        BlastRadius b = simulator.fireInZone(random.nextInt(graph.zoneCount()), at);
        ms[i] = (System.nanoTime() - s) / 1e6;
        sink += b.stoppedCount();
      }
      Arrays.sort(ms);
      long r0 = System.nanoTime();
      List<RankedTarget> ranking =
          WorstCaseRanking.rank(graph, Instant.parse("2025-09-26T00:00:00Z"));
      long r1 = System.nanoTime();
      if (sink < 0) {
        throw new IllegalStateException("unreachable; keeps the simulations from being elided");
      }
      return new Result(
          graph.workloadCount(),
          graph.zoneCount(),
          shape.dependencyEdges(),
          (t2 - t0) / 1e9,
          (t2 - t1) / 1e9,
          ms[ms.length / 2],
          ms[Math.min(ms.length - 1, (int) Math.ceil(ms.length * 0.99) - 1)],
          (r1 - r0) / 1e9,
          ranking.size(),
          peakHeapMb());
    } finally {
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  static long peakHeapMb() {
    long bytes = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes / (1024 * 1024);
  }
}
