package dev.haechi.benchmarks;

import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.breach.store.EventStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * End-to-end benchmark of the access-event store (issue 13 item 7).
 *
 * <ul>
 *   <li>{@code import N DIR}: writes N gateway events as JSON Lines (FORMATS.md §2), then times
 *       {@code EventStore.importFiles} on them (parse, validate, stage, sort, zstd Parquet, digest,
 *       commit): events per second and bytes on disk per million events.
 *   <li>{@code scope N DIR}: generates N access events over 30 days inside DuckDB (range and hash;
 *       one in 2,000 signed with the leaked key; 5 million members) and stores them through the
 *       store's own partitioned zstd writer and manifest, one batch per key and day with the rows
 *       generated already in (kid, time) order so the writer's sort is skipped (days written by an
 *       earlier version, sorted by the writer, are kept), then times a key-and-7-day-window
 *       scoping: the first query in the JVM (cold), then the median of 5 (warm). Since the fourth
 *       session the rows are made in Java and written by the store's own Parquet writer, one batch
 *       per day ({@code -Dbench.generate-in-duckdb=true} for the DuckDB generator above). With
 *       {@code -Dbench.evict=CMD} it also runs CMD (which should evict the store's files from the
 *       page cache) before each of 3 more queries: cold files in a warm JVM. An existing store of
 *       at least N events is only timed.
 * </ul>
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package -pl benchmarks -am
 * java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar dev.haechi.benchmarks.EventStoreBenchmarkRun import 4000000 /tmp/evbench-import
 * java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar dev.haechi.benchmarks.EventStoreBenchmarkRun scope 200000000 /tmp/evbench-scope
 * </pre>
 */
public final class EventStoreBenchmarkRun {
  static final long START_US = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli() * 1000;
  static final long SPAN_US = 30L * 86_400_000_000L;
  static final String[] CATS = {"name", "phone", "address"};

  private EventStoreBenchmarkRun() {}

  public static void main(String[] args) throws IOException {
    String mode = args[0];
    long n = Long.parseLong(args[1]);
    Path dir = Path.of(args[2]);
    if (mode.equals("import") || mode.equals("import-reference")) {
      importRun(n, dir, mode.equals("import-reference"));
    } else {
      scopeRun(n, dir);
    }
  }

  static void importRun(long n, Path dir, boolean reference) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("gateway.jsonl");
    if (Files.exists(file) && lines(file) == n) {
      System.out.println("reusing " + file);
    } else {
      write(file, n);
    }
    long jsonBytes = Files.size(file);
    Path storeDir = dir.resolve(reference ? "store-reference" : "store");
    if (Files.exists(storeDir)) {
      try (Stream<Path> s = Files.walk(storeDir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    EventStore store = EventStore.open(storeDir);
    long cpu0 = cpuNanos();
    long t0 = System.nanoTime();
    EventStore.ImportResult res = store.importFiles(List.of(file), reference);
    double s = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    long disk = size(storeDir);
    System.out.println(
        "writer: "
            + (reference
                ? "reference (JDBC appender, DuckDB COPY)"
                : System.getProperty("haechi.store.writer", "java")));
    System.out.printf(
        "import (%s parser, %d processors): %,d events (%,d bytes of JSON Lines) in %.2f s wall ="
            + " %,.0f events/s; process CPU %.2f s = %,.0f events per CPU-second; %d files, %,d"
            + " bytes on disk = %,.1f MB per million events; bad lines %d%n",
        reference ? "reference" : "fast",
        Runtime.getRuntime().availableProcessors(),
        res.stored(),
        jsonBytes,
        s,
        res.stored() / s,
        cpu,
        res.stored() / cpu,
        res.files(),
        disk,
        disk / 1e6 / (res.stored() / 1e6),
        res.badLines().size());
  }

  /** The 1-, 5- and 15-minute load averages (Linux), for the record. */
  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** CPU time of the whole process (every thread, DuckDB's native ones included). */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static long lines(Path file) throws IOException {
    try (Stream<String> l = Files.lines(file)) {
      return l.count();
    }
  }

  static void write(Path file, long n) throws IOException {
    SplittableRandom r = new SplittableRandom(13);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < n; i++) {
        long us = START_US + i * (SPAN_US / n);
        String member = Long.toString(1_000_000 + r.nextInt(250_000));
        boolean forged = r.nextInt(2000) == 0;
        w.write(
            "{\"@timestamp\":\""
                + ScopeResult.instant(us)
                + "\",\"event\":{\"category\":[\"web\"],\"action\":\"address.list\",\"outcome\":\"success\"},"
                + "\"service\":{\"name\":\"gateway\"},\"user\":{\"id\":\""
                + member
                + "\"},\"source\":{\"ip\":\"203.0.113."
                + r.nextInt(256)
                + "\",\"geo\":{\"country_iso_code\":\"KR\"}},\"url\":{\"path\":\"/api/v1/members/"
                + member
                + "/addresses\"},\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":200}},"
                + "\"token\":{\"kid\":\""
                + (forged ? "auth-2022-01" : "auth-2025-01")
                + "\",\"sub\":\""
                + member
                + "\"},\"data\":{\"subject_ids\":[\""
                + member
                + "\"],\"categories\":[\"name\",\"phone\",\"address\"]}}\n");
      }
    }
  }

  static void scopeRun(long n, Path dir) throws IOException {
    long open0 = System.nanoTime();
    EventStore store = EventStore.open(dir);
    System.out.printf("store opened in %.3f s%n", (System.nanoTime() - open0) / 1e9);
    if (store.state().events() < n) {
      // Generated inside DuckDB (range + hash), one batch per UTC day, through the store's own
      // sorted, partitioned zstd writer and manifest commit: JSON parsing is measured by "import".
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      int days = (int) (SPAN_US / 86_400_000_000L);
      long perDay = n / days;
      for (int d = (int) (store.state().events() / Math.max(1, perDay)); d < days; d++) {
        long count = d == days - 1 ? n - perDay * (days - 1) : perDay;
        long dayStart = START_US + d * 86_400_000_000L;
        // One batch per key and day, rows in time order: the writer's sort is skipped (the
        // rows already come by (kid, us)), which is what makes 200 M affordable on a shared box.
        if (!Boolean.getBoolean("bench.generate-in-duckdb")) {
          // the store's own Java Parquet writer (the import's default): rows made in Java, one
          // batch per day, grouped by key and time by the writer
          store.importEvents(events(perDay * d, count, n), "generated day " + d);
          System.out.printf(
              "generated day %d: %,d events in the store (%.0f s wall, %.0f s process CPU)%n",
              d, store.state().events(), (System.nanoTime() - t0) / 1e9, (cpuNanos() - cpu0) / 1e9);
          continue;
        }
        String member = "1000000 + hash(i, " + d + ") % 5000000";
        for (boolean forged : new boolean[] {true, false}) {
          String select =
              "SELECT "
                  + dayStart
                  + " + (i * 86400000000) // "
                  + count
                  + " AS us, 'address.list' AS action, 'success' AS outcome, 'gateway' AS service,"
                  + " CAST(member AS VARCHAR) AS user_id, '203.0.113.' || (hash(i, 1) % 256) AS"
                  + " source_ip, 'KR' AS country, 'GET' AS method, '/api/v1/members/' || member ||"
                  + " '/addresses' AS path, 200::BIGINT AS status, '"
                  + (forged ? "auth-2022-01" : "auth-2025-01")
                  + "' AS kid, CAST(member AS VARCHAR) AS"
                  + " sub, 'gateway' AS iss, NULL::BIGINT AS iat, NULL::BIGINT AS exp,"
                  + " [CAST(member AS VARCHAR)] AS subject_ids, ['name', 'phone', 'address'] AS"
                  + " categories FROM (SELECT i, "
                  + member
                  + " AS member FROM range("
                  + count
                  + ") t(i) WHERE hash(i, 2) % 2000 "
                  + (forged ? "=" : "<>")
                  + " 0)";
          store.importGenerated(select, count, "generated day " + d, true);
        }
        System.out.printf(
            "generated day %d: %,d events in the store (%.0f s wall, %.0f s process CPU)%n",
            d, store.state().events(), (System.nanoTime() - t0) / 1e9, (cpuNanos() - cpu0) / 1e9);
      }
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("generation through the writer: %,.0f events/s%n", n / s);
    }
    long disk = size(dir);
    System.out.printf(
        "store: %,d events, %d files, %,d bytes = %.1f MB per million events%n",
        store.state().events(),
        store.state().files().size(),
        disk,
        disk / 1e6 / (store.state().events() / 1e6));
    ScopeQuery q =
        ScopeQuery.of(
            ScopeQuery.Selector.KID,
            List.of("auth-2022-01"),
            Instant.parse("2025-06-10T00:00:00Z"),
            Instant.parse("2025-06-17T00:00:00Z"));
    // the first query in this JVM: cold JIT and DuckDB, and cold files when the caller has
    // evicted the store from the page cache beforehand (see BENCHMARKS.md)
    long cold0 = cpuNanos();
    long coldT0 = System.nanoTime();
    ScopeResult first = store.scope(q, false);
    System.out.printf(
        "scope --kid auth-2022-01 over 7 days, first query in this JVM: %.3f s wall, %.3f s process"
            + " CPU; subjects %,d, requests %,d; load %s%n",
        (System.nanoTime() - coldT0) / 1e9,
        (cpuNanos() - cold0) / 1e9,
        first.subjects(),
        first.requests(),
        load());
    double[] t = new double[5];
    double[] cpu = new double[5];
    ScopeResult r = null;
    for (int i = 0; i < t.length; i++) {
      long c0 = cpuNanos();
      long t0 = System.nanoTime();
      r = store.scope(q, false);
      t[i] = (System.nanoTime() - t0) / 1e9;
      cpu[i] = (cpuNanos() - c0) / 1e9;
    }
    Arrays.sort(t);
    Arrays.sort(cpu);
    String evict = System.getProperty("bench.evict");
    if (evict != null) {
      // cold files in a warm JVM (a running server): before each query the command given
      // evicts the store's files from the page cache (e.g. python3 evict.py DIR, posix_fadvise)
      double[] ct = new double[3];
      for (int i = 0; i < ct.length; i++) {
        Process p = new ProcessBuilder("/bin/sh", "-c", evict).inheritIO().start();
        try {
          if (p.waitFor() != 0) {
            throw new IOException("bench.evict failed: " + evict);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        long t0 = System.nanoTime();
        store.scope(q, false);
        ct[i] = (System.nanoTime() - t0) / 1e9;
      }
      Arrays.sort(ct);
      System.out.printf(
          "scope over 7 days, files evicted before each query, warm JVM: median %.3f s (min %.3f,"
              + " max %.3f); load %s%n",
          ct[1], ct[0], ct[2], load());
    }
    System.out.printf(
        "scope --kid auth-2022-01 over 7 days: median %.3f s (min %.3f, max %.3f); process CPU"
            + " median %.3f s (min %.3f, max %.3f); subjects %,d, requests %,d; load %s%n",
        t[2], t[0], t[4], cpu[2], cpu[0], cpu[4], r.subjects(), r.requests(), load());
  }

  /** Events {@code first .. first+count} of {@code total} spread evenly over 30 days. */
  static Iterable<AccessEvent> events(long first, long count, long total) {
    return () ->
        new Iterator<>() {
          final SplittableRandom r = new SplittableRandom(first * 31 + 7);
          long i = first;

          @Override
          public boolean hasNext() {
            return i < first + count;
          }

          @Override
          public AccessEvent next() {
            long us = START_US + (long) ((double) i / total * SPAN_US);
            i++;
            String member = Long.toString(1_000_000 + r.nextInt(5_000_000));
            boolean forged = r.nextInt(2000) == 0;
            return new AccessEvent(
                us,
                "address.list",
                "success",
                "gateway",
                member,
                "203.0.113." + r.nextInt(256),
                "KR",
                "GET",
                "/api/v1/members/" + member + "/addresses",
                200L,
                forged ? "auth-2022-01" : "auth-2025-01",
                member,
                "gateway",
                null,
                null,
                List.of(member),
                List.of(CATS));
          }
        };
  }

  static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".parquet"))
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }
}
