package dev.haechi.benchmarks;

import dev.haechi.identity.model.Secret;
import dev.haechi.identity.readers.SecretInventoryReader;
import dev.haechi.identity.readers.VaultAuditLogReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Vault audit log alone, read on one thread by the byte scan and by the reference string scan,
 * alternately, so that the two are compared in CPU seconds of the reading thread (and of the whole
 * process, GC included) on the same machine at the same moment.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.VaultScanRun DIR [rounds]} on a directory written by {@link
 * IdentityBenchmarkRun} (its {@code secrets.csv} and {@code vault-audit.log}).
 */
public final class VaultScanRun {
  private VaultScanRun() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int rounds = args.length >= 2 ? Integer.parseInt(args[1]) : 3;
    List<String> locations =
        SecretInventoryReader.read(dir.resolve("secrets.csv"), "secrets.csv").stream()
            .map(Secret::location)
            .toList();
    Path log = dir.resolve("vault-audit.log");
    var threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      for (boolean reference : new boolean[] {false, true}) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = IdentityBenchmarkRun.processCpuNanos();
        long t0 = System.nanoTime();
        VaultAuditLogReader.Result result;
        try (InputStream in = Files.newInputStream(log)) {
          result =
              reference
                  ? VaultAuditLogReader.readReference(in, "vault-audit.log", locations)
                  : VaultAuditLogReader.read(in, "vault-audit.log", locations);
        }
        long t1 = System.nanoTime();
        System.out.printf(
            "round %d %s scan: %d lines, %d accesses, wall %.2f s, thread CPU %.2f s, process CPU"
                + " %.2f s%n",
            r + 1,
            reference ? "reference string" : "byte",
            result.linesRead(),
            result.accesses().size(),
            (t1 - t0) / 1e9,
            (threads.getCurrentThreadCpuTime() - cpu0) / 1e9,
            (IdentityBenchmarkRun.processCpuNanos() - proc0) / 1e9);
      }
    }
  }
}
