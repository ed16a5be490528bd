package dev.haechi.benchmarks;

import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The 100,000-entity benchmark catalog's load (read + validate + compile to the graph), with the
 * process's CPU time beside the wall time, since the machine is shared (issue 14 item 5).
 *
 * <p>Run: {@code java -Xmx4g [-Dhaechi.catalog.reader=snakeyaml] -cp
 * benchmarks/target/haechi-benchmarks.jar dev.haechi.benchmarks.CatalogLoadRun DIR [runs]}: DIR is
 * written with {@code CatalogShape.benchmark(2025)} when it does not exist yet (not timed); each
 * run loads it in the same JVM (the first is the cold one).
 */
public final class CatalogLoadRun {
  private CatalogLoadRun() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    if (!Files.isDirectory(dir)) {
      CatalogGenerator.writeTo(dir, CatalogShape.benchmark(2025L));
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int r = 1; r <= runs; r++) {
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      LoadedCatalog loaded = CatalogLoader.load(dir);
      long t1 = System.nanoTime();
      CatalogGraph graph = CatalogGraph.compile(loaded.catalog());
      long t2 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      System.out.printf(
          "run %d (%s reader): %d workloads; load %.2f s wall (read+validate %.2f s, compile %.2f"
              + " s), %.2f s process CPU; load average %.1f; %d cores, Java %s%n",
          r,
          System.getProperty("haechi.catalog.reader", "fast"),
          graph.workloadCount(),
          (t2 - t0) / 1e9,
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          (cpu1 - cpu0) / 1e9,
          os.getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
    }
  }
}
