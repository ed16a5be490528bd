package dev.haechi.benchmarks;

import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.IdentityDirectory;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Leaver Guard's reconcile alone, repeated on one snapshot: the directory is read once, then
 * reconciled {@code rounds} times in a row, each round's process CPU (all threads, GC and JIT
 * included) and the main thread's CPU printed. The first round is the cold one {@link
 * IdentityBenchmarkRun} times; the later rounds are warm (compiled code, heap sized), so two builds
 * can be compared by their warm rounds with less scatter than whole cold runs give on a loaded
 * machine.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.IdentityReconcileRun DIR [rounds]} on a directory written by {@link
 * IdentityBenchmarkRun} (default 4 rounds).
 */
public final class IdentityReconcileRun {
  private IdentityReconcileRun() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int rounds = args.length >= 2 ? Integer.parseInt(args[1]) : 4;
    IdentitySnapshot snapshot = IdentityDirectory.read(dir);
    ReconcileOptions options = ReconcileOptions.asOf(LocalDate.of(2025, 11, 1));
    var threads = ManagementFactory.getThreadMXBean();
    for (int r = 1; r <= rounds; r++) {
      long proc0 = IdentityBenchmarkRun.processCpuNanos();
      long thread0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      ReconcileResult result = IdentityReconciler.reconcile(snapshot, options);
      long t1 = System.nanoTime();
      System.out.printf(
          "round %d: %d findings, wall %.2f s, process CPU %.2f s, main thread CPU %.2f s,"
              + " load %.1f%n",
          r,
          result.findings().size(),
          (t1 - t0) / 1e9,
          (IdentityBenchmarkRun.processCpuNanos() - proc0) / 1e9,
          (threads.getCurrentThreadCpuTime() - thread0) / 1e9,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
