package dev.haechi.benchmarks;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.engine.ParallelDetection;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 18 item 2: workload (a) (the retailer's gateway events, built-in pack, SigmaHQ corpus with
 * {@code ecs}, identity-aware) through {@link ParallelDetection} with 1 thread and with N threads,
 * alternating, each pass on a fresh engine; prints wall time, process CPU time (all threads, GC and
 * JIT included), the calling thread's and the workers' CPU, events per second and a digest of the
 * alerts (equal digests: equal output); then, once per round, the stages timed apart on one thread
 * (the serial fraction and its Amdahl bound, which the load does not distort as it does wall time).
 *
 * <p>Run: {@code java -Xmx1g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.ParallelDetectionRun demoDir [threads=2] [rounds=2]
 * [sigma=../shared/data/sigma|none]} with {@code demoDir} a directory holding {@code
 * retailer/events/gateway.jsonl} (as {@link GatewayDetectionRun} generates).
 */
public final class ParallelDetectionRun {
  private ParallelDetectionRun() {}

  public static void main(String[] args) throws Exception {
    Path retailer = Path.of(args[0]).resolve("retailer");
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String sigma = args.length > 3 ? args[3] : "../shared/data/sigma";
    IdentityContext identity =
        LeaverGuardIdentity.fromDirectory(retailer, LocalDate.parse("2025-11-01"), Map.of());
    RuleSet rules = BuiltinRules.load();
    if (!"none".equals(sigma)) {
      List<Path> dirs = new ArrayList<>();
      try (Stream<Path> s = Files.list(Path.of(sigma))) {
        s.filter(p -> p.getFileName().toString().startsWith("rules")).sorted().forEach(dirs::add);
      }
      rules = BuiltinRules.merge(RuleLoader.load(dirs), rules);
    }
    Path events = retailer.resolve("events/gateway.jsonl");
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(
        "%d available processors; load average %.1f%n",
        Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage());
    // warm-up: one pass of each
    for (int t : new int[] {1, threads}) {
      pass(rules, identity, events, t, false, os);
    }
    for (int r = 0; r < rounds; r++) {
      for (int t : new int[] {1, threads}) {
        pass(rules, identity, events, t, true, os);
      }
      stages(rules, identity, events);
      partitionedStages(rules, identity, events, threads);
    }
  }

  /** Events per batch of the partitioned stage split (as {@link ParallelDetection}'s batches). */
  private static final int BATCH = 256;

  /**
   * As {@link #stages}, with the correlation groups partitioned as {@link ParallelDetection} does
   * with {@code threads} threads, the partitions' work run on this thread after each batch's
   * ordered stage and timed apart: reading, prepare (workers), the ordered stage (calling thread:
   * the baseline, the alerts, the correlations' stream time and keys) and the partitions (workers).
   * The serial fraction is then reading plus the ordered stage over the whole.
   */
  private static void partitionedStages(
      RuleSet rules, IdentityContext identity, Path events, int threads) throws Exception {
    DetectionEngine engine =
        IdentityAwareEngine.compile(rules, List.of(PipelineLoader.resolve("ecs")), identity);
    engine.partitionCorrelations(threads);
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long read = 0;
    long prepare = 0;
    long ordered = 0;
    long partitions = 0;
    long[] alerts = {0};
    List<Runnable> queued = new ArrayList<>();
    java.util.concurrent.Executor later = queued::add;
    String[] lines = new String[BATCH];
    try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
      while (true) {
        long t0 = mx.getCurrentThreadCpuTime();
        int n = 0;
        String line;
        while (n < BATCH && (line = in.readLine()) != null) {
          lines[n++] = line;
        }
        long t1 = mx.getCurrentThreadCpuTime();
        DetectionEngine.Prepared[] prepared = new DetectionEngine.Prepared[n];
        for (int i = 0; i < n; i++) {
          prepared[i] = engine.prepare(lines[i]);
          lines[i] = null;
        }
        long t2 = mx.getCurrentThreadCpuTime();
        List<Object> out = new ArrayList<>();
        DetectionEngine.OrderedOutput sink =
            new DetectionEngine.OrderedOutput() {
              @Override
              public void accept(dev.haechi.detection.engine.Alert a) {
                out.add(a);
              }

              @Override
              public void later(
                  java.util.function.Supplier<dev.haechi.detection.engine.Alert> alert) {
                out.add(alert);
              }
            };
        var done = engine.completeBatch(prepared, sink, i -> {}, later);
        long t3 = mx.getCurrentThreadCpuTime();
        for (Runnable r : queued) {
          r.run();
        }
        queued.clear();
        done.join();
        for (Object o : out) {
          if (!(o instanceof java.util.function.Supplier<?> s) || s.get() != null) {
            alerts[0]++;
          }
        }
        long t4 = mx.getCurrentThreadCpuTime();
        read += t1 - t0;
        prepare += t2 - t1;
        ordered += t3 - t2;
        partitions += t4 - t3;
        if (n < BATCH) {
          break;
        }
      }
    }
    engine.flush(a -> alerts[0]++);
    double f = (double) (read + ordered) / (read + prepare + ordered + partitions);
    System.out.printf(
        "partitioned stages on one thread: reading %.3f s, prepare %.3f s, ordered stage %.3f s,"
            + " partitions %.3f s CPU; %d alerts; serial fraction %.2f, Amdahl bound on 2 cores"
            + " %.2f×%n",
        read / 1e9,
        prepare / 1e9,
        ordered / 1e9,
        partitions / 1e9,
        alerts[0],
        f,
        1 / (f + (1 - f) / 2));
  }

  /** Events per chunk of the stage split (read, then prepared, then completed). */
  private static final int CHUNK = 4096;

  /**
   * One thread, the stages timed apart (thread CPU, chunk by chunk): reading the lines, {@link
   * DetectionEngine#prepare} (what the workers do) and {@link DetectionEngine#complete} (the
   * ordered stage, on the calling thread with the reading). The share of reading and completing is
   * the serial fraction f; Amdahl bounds the speed-up on n cores by 1 / (f + (1 − f) / n), whatever
   * the load, before the hand-off's own cost.
   */
  private static void stages(RuleSet rules, IdentityContext identity, Path events)
      throws Exception {
    DetectionEngine engine =
        IdentityAwareEngine.compile(rules, List.of(PipelineLoader.resolve("ecs")), identity);
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long read = 0;
    long prepare = 0;
    long complete = 0;
    long[] alerts = {0};
    String[] lines = new String[CHUNK];
    DetectionEngine.Prepared[] prepared = new DetectionEngine.Prepared[CHUNK];
    try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
      while (true) {
        long t0 = mx.getCurrentThreadCpuTime();
        int n = 0;
        String line;
        while (n < CHUNK && (line = in.readLine()) != null) {
          lines[n++] = line;
        }
        long t1 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          prepared[i] = engine.prepare(lines[i]);
          lines[i] = null;
        }
        long t2 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          if (prepared[i].error() == null) {
            engine.complete(prepared[i], a -> alerts[0]++);
          }
          prepared[i] = null;
        }
        long t3 = mx.getCurrentThreadCpuTime();
        read += t1 - t0;
        prepare += t2 - t1;
        complete += t3 - t2;
        if (n < CHUNK) {
          break;
        }
      }
    }
    engine.flush(a -> alerts[0]++);
    double f = (double) (read + complete) / (read + prepare + complete);
    System.out.printf(
        "stages on one thread: reading %.3f s, prepare %.3f s, ordered stage %.3f s CPU; %d"
            + " alerts; serial fraction %.2f, Amdahl bound on 2 cores %.2f×%n",
        read / 1e9, prepare / 1e9, complete / 1e9, alerts[0], f, 1 / (f + (1 - f) / 2));
  }

  private static void pass(
      RuleSet rules,
      IdentityContext identity,
      Path events,
      int threads,
      boolean print,
      com.sun.management.OperatingSystemMXBean os)
      throws Exception {
    DetectionEngine engine =
        IdentityAwareEngine.compile(rules, List.of(PipelineLoader.resolve("ecs")), identity);
    long[] alerts = {0, 17};
    long n = 0;
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long main0 = mx.getCurrentThreadCpuTime();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long mainCpu;
    long workerCpu = 0;
    try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8);
        ParallelDetection d =
            new ParallelDetection(
                engine,
                threads,
                a -> {
                  alerts[0]++;
                  alerts[1] = alerts[1] * 31 + a.ruleId().hashCode() + a.timestamp().hashCode();
                },
                (line, e) -> {})) {
      String line;
      while ((line = in.readLine()) != null) {
        d.accept(++n, line);
      }
      d.finish();
      mainCpu = mx.getCurrentThreadCpuTime() - main0;
      // the pool's threads live as long as this ParallelDetection: read their CPU before close
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith("haechi-detect-")) {
          workerCpu += Math.max(0, mx.getThreadCpuTime(t.getId()));
        }
      }
    }
    engine.flush(a -> alerts[0]++);
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
    if (print) {
      System.out.printf(
          "threads %d: %d events in %.2f s wall, %.2f s process CPU: %.0f events/s wall, %.0f per"
              + " CPU-second; calling thread %.2f s CPU, workers %.2f s CPU, rest (GC, JIT) %.2f s;"
              + " %d alerts, digest %x; load average %.1f%n",
          threads,
          n,
          wall,
          cpu,
          n / wall,
          n / cpu,
          mainCpu / 1e9,
          workerCpu / 1e9,
          (cpu * 1e9 - mainCpu - workerCpu) / 1e9,
          alerts[0],
          alerts[1],
          os.getSystemLoadAverage());
    }
  }
}
