package dev.haechi.benchmarks;

import dev.haechi.core.Finding;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.IdentityDirectory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * End-to-end benchmark of Leaver Guard (issue 3): reconcile 1,000,000 accounts across 10 systems
 * against 100,000 people, with 10,000 secrets and a 5,000,000-line Vault audit log. Target on the
 * 2-core machine: ≤ 5 s for the whole run (read + reconcile), heap ≤ 2 GB.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks/target/haechi-benchmarks.jar
 * dev.haechi.benchmarks.IdentityBenchmarkRun [people accountsPerSystem secrets vaultLines] [DIR]
 * [reference]} (defaults: 100000 100000 10000 5000000, a temporary folder that is deleted
 * afterwards; {@code reference} reconciles with {@link IdentityReconciler#reference}, the eager
 * path, instead of the fast one). The synthetic directory is written first (not timed): generic
 * account CSVs, 5% leavers, one in ten Vault lines on a known secret location.
 *
 * <p>The Leaver Guard CLI runs {@code identity …} commands with the quick JIT only ({@code
 * -XX:TieredStopAtLevel=1}, set by the {@code haechi} launcher): run this benchmark with the same
 * option to measure what the CLI does ({@code java -Xmx2g -XX:TieredStopAtLevel=1 -cp …}); the
 * options are printed with the figures.
 *
 * <p>Besides wall time it reports the process CPU time of each phase (all threads, GC and JIT
 * included): on a machine shared with other work, CPU seconds are the comparable figure. The
 * "render" phase writes every finding out (title, subject, evidence, remedy), as a report or the
 * JSON output does; the fast path defers that text until it is read, so it is timed on its own.
 */
public final class IdentityBenchmarkRun {
  private IdentityBenchmarkRun() {}

  /** What one run measured. */
  public record Result(
      int people,
      int accounts,
      int secrets,
      long vaultLines,
      double readSeconds,
      double reconcileSeconds,
      int findings,
      long peakHeapMb,
      double readCpuSeconds,
      double reconcileCpuSeconds,
      double renderSeconds,
      double renderCpuSeconds,
      long renderedChars) {
    public double accountsPerSecond() {
      return accounts / (readSeconds + reconcileSeconds);
    }
  }

  public static void main(String[] args) throws IOException {
    int people = args.length >= 4 ? Integer.parseInt(args[0]) : 100_000;
    int perSystem = args.length >= 4 ? Integer.parseInt(args[1]) : 100_000;
    int secrets = args.length >= 4 ? Integer.parseInt(args[2]) : 10_000;
    long vault = args.length >= 4 ? Long.parseLong(args[3]) : 5_000_000L;
    Path dir = args.length >= 5 ? Path.of(args[4]) : null;
    boolean reference = args.length >= 6 && args[5].equals("reference");
    Result r = run(people, perSystem, secrets, vault, dir, reference);
    System.out.printf(
        "identity %d people, %d accounts, %d secrets, %d Vault lines: read %.2f s, reconcile"
            + " %.2f s, total %.2f s (%.0f accounts/s), %d findings, peak heap %d MB, %d cores,"
            + " Java %s%n",
        r.people(),
        r.accounts(),
        r.secrets(),
        r.vaultLines(),
        r.readSeconds(),
        r.reconcileSeconds(),
        r.readSeconds() + r.reconcileSeconds(),
        r.accountsPerSecond(),
        r.findings(),
        r.peakHeapMb(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf(
        "  %s path; CPU (process, all threads): read %.2f s, reconcile %.2f s, total %.2f s;"
            + " rendering every finding afterwards: %.2f s wall, %.2f s CPU (%d chars)%n",
        reference ? "reference" : "fast",
        r.readCpuSeconds(),
        r.reconcileCpuSeconds(),
        r.readCpuSeconds() + r.reconcileCpuSeconds(),
        r.renderSeconds(),
        r.renderCpuSeconds(),
        r.renderedChars());
    System.out.printf("  JVM options: %s%n", jvmOptions());
  }

  /**
   * The options this JVM was started with ({@code -Xmx2g -XX:TieredStopAtLevel=1 …}), so that a
   * printed figure says which JIT and heap it was measured with.
   */
  static String jvmOptions() {
    List<String> args =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    return args.isEmpty() ? "(none)" : String.join(" ", args);
  }

  /**
   * CPU seconds of this process's threads so far by kind — {@code [application, GC, JIT]} — GC and
   * JIT from {@code /proc/self/task/<tid>/stat} (Linux; zeros elsewhere), the application as the
   * rest of the process's CPU time. GC threads are HotSpot's {@code GC Thread#N} and {@code G1 …}
   * threads, JIT its compiler threads; everything else counts as the application (readers, the
   * common pool, main).
   */
  static double[] cpuByKind() {
    double[] out = new double[3];
    // The application's share is the whole process's (threads that ended included) less GC and JIT.
    out[0] = processCpuNanos() / 1e9;
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return out;
    }
    for (java.io.File t : tasks) {
      try {
        String stat = Files.readString(t.toPath().resolve("stat"));
        int close = stat.lastIndexOf(')');
        String name = stat.substring(stat.indexOf('(') + 1, close);
        String[] f = stat.substring(close + 2).split(" ");
        // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the name.
        double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        int kind =
            name.startsWith("GC Thread") || name.startsWith("G1 ")
                ? 1
                : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? 2 : 0;
        if (kind > 0) {
          out[kind] += seconds;
          out[0] -= seconds;
        }
      } catch (IOException | RuntimeException e) {
        // A thread that ended meanwhile: its time is no longer listed.
      }
    }
    return out;
  }

  private static String kinds(double[] before, double[] after) {
    return String.format(
        "app %.2f s, GC %.2f s, JIT %.2f s",
        after[0] - before[0], after[1] - before[1], after[2] - before[2]);
  }

  /** CPU time of the whole process so far (every thread, GC and JIT included), in nanoseconds. */
  static long processCpuNanos() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return -1;
  }

  public static Result run(int people, int perSystem, int secrets, long vaultLines, Path keep)
      throws IOException {
    return run(people, perSystem, secrets, vaultLines, keep, false);
  }

  public static Result run(
      int people, int perSystem, int secrets, long vaultLines, Path keep, boolean reference)
      throws IOException {
    Path dir = keep != null ? keep : Files.createTempDirectory("haechi-identity-bench");
    try {
      if (!Files.exists(dir.resolve("hr.csv"))) {
        write(dir, people, perSystem, secrets, vaultLines);
      }
      double[] k0 = cpuByKind();
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      IdentitySnapshot snapshot = IdentityDirectory.read(dir);
      long t1 = System.nanoTime();
      long c1 = processCpuNanos();
      double[] k1 = cpuByKind();
      ReconcileOptions options = ReconcileOptions.asOf(LocalDate.of(2025, 11, 1));
      ReconcileResult result =
          reference
              ? IdentityReconciler.reference(snapshot, options)
              : IdentityReconciler.reconcile(snapshot, options);
      long t2 = System.nanoTime();
      long c2 = processCpuNanos();
      double[] k2 = cpuByKind();
      System.out.printf(
          "  CPU by thread kind (/proc, 10 ms ticks): read %s; reconcile %s%n",
          kinds(k0, k1), kinds(k1, k2));
      long chars = 0;
      for (Finding f : result.findings()) {
        chars += f.title().length() + f.remedy().length();
        for (String e : f.evidence()) {
          chars += e.length();
        }
        for (String v : f.subject().values()) {
          chars += v.length();
        }
      }
      long t3 = System.nanoTime();
      long c3 = processCpuNanos();
      return new Result(
          snapshot.people().size(),
          snapshot.accounts().size(),
          snapshot.secrets().size(),
          snapshot.vaultLinesRead(),
          (t1 - t0) / 1e9,
          (t2 - t1) / 1e9,
          result.findings().size(),
          ResilienceBenchmarkRun.peakHeapMb(),
          (c1 - c0) / 1e9,
          (c2 - c1) / 1e9,
          (t3 - t2) / 1e9,
          (c3 - c2) / 1e9,
          chars);
    } finally {
      if (keep == null) {
        try (var walk = Files.walk(dir)) {
          for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  static void write(Path dir, int people, int perSystem, int secrets, long vaultLines)
      throws IOException {
    Random random = new Random(2025);
    Files.createDirectories(dir.resolve("accounts"));
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("hr.csv"), StandardCharsets.UTF_8)) {
      w.write(
          "employee_id,email,given_name,family_name,department,title,manager_id,status,"
              + "hire_date,termination_date\n");
      for (int i = 0; i < people; i++) {
        boolean leaver = i % 20 == 0;
        w.write(
            "E"
                + i
                + ",u"
                + i
                + "@corp.example,Given"
                + i
                + ",Family"
                + i
                + ",Dept"
                + (i % 50)
                + ",Engineer,,"
                + (leaver ? "terminated" : "active")
                + ",2020-01-"
                + (10 + i % 18)
                + ","
                + (leaver ? "2024-06-" + (10 + i % 18) : "")
                + "\n");
      }
    }
    for (int s = 0; s < 10; s++) {
      try (BufferedWriter w =
          Files.newBufferedWriter(
              dir.resolve("accounts/sys" + s + ".csv"), StandardCharsets.UTF_8)) {
        w.write("account_id,username,email,employee_id,enabled,privileged,last_login,created\n");
        for (int i = 0; i < perSystem; i++) {
          int person = i % people;
          String key = s % 3 == 0 ? "E" + person : "";
          String email = s % 3 == 1 ? "u" + person + "@corp.example" : "";
          String user = s % 3 == 2 ? "u" + person : "acct" + s + "-" + i;
          w.write(
              "a"
                  + s
                  + "-"
                  + i
                  + ","
                  + user
                  + ","
                  + email
                  + ","
                  + key
                  + ","
                  + (random.nextInt(10) > 0)
                  + ","
                  + (i % 100 == 0)
                  + ",2025-0"
                  + (1 + random.nextInt(9))
                  + "-10T08:00:00Z,2020-02-01T00:00:00Z\n");
        }
      }
    }
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("secrets.csv"), StandardCharsets.UTF_8)) {
      w.write("secret_id,kind,system,location,created,last_rotated,max_age,custodians\n");
      for (int i = 0; i < secrets; i++) {
        w.write(
            "sec-"
                + i
                + ","
                + (i % 10 == 0 ? "signing-key" : "api-key")
                + ",sys"
                + (i % 10)
                + ",secret/data/app"
                + i
                + ",2021-01-01,"
                + (i % 3 == 0 ? "" : "2025-03-01")
                + ",,E"
                + ((i * 7) % people)
                + "\n");
      }
    }
    try (BufferedWriter w =
        Files.newBufferedWriter(dir.resolve("vault-audit.log"), StandardCharsets.UTF_8)) {
      Instant start = Instant.parse("2023-01-01T00:00:00Z");
      for (long n = 0; n < vaultLines; n++) {
        int person = (int) (n % people);
        String path =
            n % 10 == 0 ? "secret/data/app" + (n / 10 % secrets) : "sys/internal/ui/" + (n % 97);
        w.write(
            "{\"time\":\""
                + start.plusSeconds(n * 17)
                + "\",\"type\":\""
                + (n % 2 == 0 ? "request" : "response")
                + "\",\"auth\":{\"display_name\":\"oidc-u"
                + person
                + "\",\"metadata\":{\"username\":\"u"
                + person
                + "\"}},\"request\":{\"id\":\"r"
                + n / 2
                + "\",\"operation\":\"read\",\"mount_type\":\"kv\",\"client_token\":"
                + "\"hmac-sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f0\",\"namespace\":{\"id\":\"root\"},"
                + "\"path\":\""
                + path
                + "\",\"remote_address\":\"10.0."
                + (person % 250)
                + ".7\"}}\n");
      }
    }
  }
}
