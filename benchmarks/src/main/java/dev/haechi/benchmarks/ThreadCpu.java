package dev.haechi.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's threads by kind, read from Linux's {@code /proc/self/task/<tid>}
 * ({@code comm} for the name, the first field of {@code schedstat} for nanoseconds on a CPU): the
 * JVM's own threads (garbage collector, JIT compilers) are not Java threads, so {@link
 * java.lang.management.ThreadMXBean} cannot see them. A thread that ended between two snapshots is
 * missing from the later one (its time is lost); the benchmarks' worker threads live through the
 * run. Empty where {@code /proc} is not there.
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** Nanoseconds per thread name (threads of one name summed). */
  static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tasks)) {
      for (Path t : ds) {
        try {
          String name = Files.readString(t.resolve("comm")).trim();
          String sched = Files.readString(t.resolve("schedstat")).trim();
          long ns = Long.parseLong(sched.split("\\s+")[0]);
          out.merge(name, ns, Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /**
   * Seconds per kind between two snapshots: {@code gc} (HotSpot's GC worker, concurrent and
   * refinement threads of G1, Parallel and Serial), {@code jit} (C1/C2 compiler threads), each
   * thread named in {@code named} under its own label, {@code other} for the rest.
   */
  static Map<String, Double> byKind(
      Map<String, Long> before, Map<String, Long> after, Map<String, String> named) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String label : named.values()) {
      out.put(label, 0.0);
    }
    out.put("gc", 0.0);
    out.put("jit", 0.0);
    out.put("other", 0.0);
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long ns = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      String kind = kind(e.getKey(), named);
      out.merge(kind, ns / 1e9, Double::sum);
    }
    return out;
  }

  static String kind(String thread, Map<String, String> named) {
    String label = named.get(thread);
    if (label != null) {
      return label;
    }
    if (thread.startsWith("GC Thread")
        || thread.startsWith("G1 ")
        || thread.startsWith("VM Thread")
        || thread.startsWith("ParGC")
        || thread.startsWith("GC ")) {
      return "gc"; // (safepoint operations on the VM thread are almost all collections here)
    }
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return "jit";
    }
    return "other";
  }

  /** {@code label 12.3 s, …} for printing. */
  static String format(Map<String, Double> kinds) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : kinds.entrySet()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(e.getKey()).append(' ').append(String.format("%.1f s", e.getValue()));
    }
    return sb.toString();
  }
}
