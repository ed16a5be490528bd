package dev.haechi.benchmarks;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.readers.AccountCsvReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The account CSVs alone, read on one thread from their bytes and by the reference reader,
 * alternately, so that the two are compared in CPU seconds of the reading thread (and of the whole
 * process, GC included) on the same machine at the same moment.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.AccountReadRun DIR [rounds]} on a directory written by {@link
 * IdentityBenchmarkRun} (its {@code accounts/*.csv}).
 */
public final class AccountReadRun {
  private AccountReadRun() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    int rounds = args.length >= 2 ? Integer.parseInt(args[1]) : 3;
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("accounts"))) {
      files = s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    var threads = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      for (boolean reference : new boolean[] {false, true}) {
        System.gc();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long proc0 = IdentityBenchmarkRun.processCpuNanos();
        long t0 = System.nanoTime();
        List<Account> all = new ArrayList<>();
        for (Path f : files) {
          String name = f.getFileName().toString();
          String system = name.substring(0, name.length() - 4);
          all.addAll(
              reference
                  ? AccountCsvReader.readReference(f, "accounts/" + name, system)
                  : AccountCsvReader.read(f, "accounts/" + name, system));
        }
        long t1 = System.nanoTime();
        System.out.printf(
            "round %d %s: %d accounts, wall %.2f s, thread CPU %.2f s, process CPU %.2f s%n",
            r + 1,
            reference ? "reference reader" : "byte reader",
            all.size(),
            (t1 - t0) / 1e9,
            (threads.getCurrentThreadCpuTime() - cpu0) / 1e9,
            (IdentityBenchmarkRun.processCpuNanos() - proc0) / 1e9);
      }
    }
  }
}
