package dev.haechi.identity.findings;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The order findings are reported in: by severity (critical first), then type, then title; equal
 * findings keep the order they were found in.
 *
 * <p>Design note: {@link #reference} is a stable sort with the three-key comparator. {@link
 * #sorted} gives the same list faster on the hundreds of thousands of findings of a large
 * organisation: findings are dealt, in order, into one bucket per severity and type (a handful),
 * each bucket is sorted by title alone (stable, in parallel across buckets) and the buckets are
 * concatenated in severity-then-type order. A stable sort of each bucket keeps ties in found order,
 * exactly as the stable three-key sort does. {@code FindingOrderTest} checks the two agree.
 */
public final class FindingOrder {
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::type)
          .thenComparing(Finding::title);

  private FindingOrder() {}

  /** The naive twin: one stable comparator sort. */
  public static List<Finding> reference(List<Finding> findings) {
    List<Finding> out = new ArrayList<>(findings);
    out.sort(ORDER);
    return out;
  }

  /** The same list as {@link #reference}. */
  public static List<Finding> sorted(List<Finding> findings) {
    return sorted(findings, Finding::severity, Finding::type, Finding::title);
  }

  /** Findings not yet written out, in the same order {@link #sorted} gives the written ones. */
  public static List<PendingFinding> sortedPending(List<PendingFinding> findings) {
    return sorted(findings, PendingFinding::severity, PendingFinding::type, PendingFinding::title);
  }

  private static <T> List<T> sorted(
      List<T> findings,
      Function<T, Severity> severity,
      Function<T, String> type,
      Function<T, String> title) {
    // One map of types per severity, by ordinal (the enum's natural order); consecutive findings
    // of the same severity and type object skip both lookups.
    List<Map<String, List<T>>> buckets = new ArrayList<>();
    for (int k = 0; k < Severity.values().length; k++) {
      buckets.add(null);
    }
    Severity lastSeverity = null;
    String lastType = null;
    List<T> last = null;
    for (T f : findings) {
      Severity s = severity.apply(f);
      String t = type.apply(f);
      if (s != lastSeverity || t != lastType) {
        Map<String, List<T>> byType = buckets.get(s.ordinal());
        if (byType == null) {
          byType = new TreeMap<>();
          buckets.set(s.ordinal(), byType);
        }
        last = byType.get(t);
        if (last == null) {
          last = new ArrayList<>();
          byType.put(t, last);
        }
        lastSeverity = s;
        lastType = t;
      }
      last.add(f);
    }
    List<List<T>> ordered = new ArrayList<>();
    for (Map<String, List<T>> byType : buckets) {
      if (byType != null) {
        ordered.addAll(byType.values());
      }
    }
    IntStream.range(0, ordered.size())
        .parallel()
        .forEach(i -> ordered.get(i).sort(Comparator.comparing(title)));
    List<T> out = new ArrayList<>(findings.size());
    for (List<T> bucket : ordered) {
      out.addAll(bucket);
    }
    return out;
  }
}
