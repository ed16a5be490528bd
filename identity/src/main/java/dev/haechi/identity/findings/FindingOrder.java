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

  /**
   * The order of judged findings kept as columns: indexes into {@code rows}, by severity, type and
   * title as {@link #reference} orders the written findings. Each (severity, type) bucket makes its
   * titles once, sorts its indexes by them (stable, a merge sort of ints), and drops them.
   *
   * <p>Design note: one bucket usually holds most findings (the dormant accounts of a large
   * organisation: ~630,000 of 725,000 in the benchmark), so parallelism across buckets alone left
   * that bucket's titles and sort on one core. A bucket is cut into slices of at most {@link
   * #SLICE} findings: the slices' titles are made in parallel, each slice is sorted on its own (in
   * parallel), and the sorted slices are merged pairwise (left first on equal titles, so the result
   * is the same stable order the sequential sort gives).
   */
  public static int[] sortedRows(PendingRows rows) {
    return sortedRows(rows, SLICE);
  }

  /** Findings per slice of a bucket whose titles are made and sorted by one task. */
  static final int SLICE = 1 << 15;

  /** {@link #sortedRows(PendingRows)} with slices of at most {@code slice} findings (tests). */
  static int[] sortedRows(PendingRows rows, int slice) {
    int n = rows.size();
    List<Map<String, int[][]>> buckets = new ArrayList<>();
    for (int k = 0; k < Severity.values().length; k++) {
      buckets.add(null);
    }
    // Each bucket is {indexes, {size}}, grown by doubling.
    Severity lastSeverity = null;
    String lastType = null;
    int[][] last = null;
    for (int i = 0; i < n; i++) {
      Severity s = rows.severity(i);
      String t = rows.type(i);
      if (s != lastSeverity || t != lastType) {
        Map<String, int[][]> byType = buckets.get(s.ordinal());
        if (byType == null) {
          byType = new TreeMap<>();
          buckets.set(s.ordinal(), byType);
        }
        last = byType.get(t);
        if (last == null) {
          last = new int[][] {new int[16], {0}};
          byType.put(t, last);
        }
        lastSeverity = s;
        lastType = t;
      }
      int size = last[1][0];
      if (size == last[0].length) {
        last[0] = java.util.Arrays.copyOf(last[0], size * 2);
      }
      last[0][size] = i;
      last[1][0] = size + 1;
    }
    List<int[][]> ordered = new ArrayList<>();
    for (Map<String, int[][]> byType : buckets) {
      if (byType != null) {
        ordered.addAll(byType.values());
      }
    }
    // Slices of every bucket, one task each: titles written (as pieces where they can be) and
    // the slice sorted by them.
    int buckCount = ordered.size();
    TitleOrder[] titles = new TitleOrder[buckCount];
    int[][] at = new int[buckCount][];
    int[][] tmp = new int[buckCount][];
    List<int[]> slices = new ArrayList<>();
    for (int b = 0; b < buckCount; b++) {
      int[] idx = ordered.get(b)[0];
      int size = ordered.get(b)[1][0];
      boolean inPieces = true;
      for (int j = 0; j < size && inPieces; j++) {
        inPieces = rows.titleInPieces(idx[j]);
      }
      titles[b] = new TitleOrder(size, inPieces ? AccountFindings.DORMANT_TITLE_PIECES : 1);
      at[b] = new int[size];
      tmp[b] = new int[size];
      for (int from = 0; from < size; from += slice) {
        slices.add(new int[] {b, from, Math.min(size, from + slice)});
      }
    }
    IntStream.range(0, slices.size())
        .parallel()
        .forEach(
            k -> {
              int[] sl = slices.get(k);
              int b = sl[0];
              int[] idx = ordered.get(b)[0];
              TitleOrder keys = titles[b];
              String[] pieces = keys.pieces();
              int width = keys.width();
              TitleOrder.DayTexts days = width == 1 ? null : new TitleOrder.DayTexts();
              int[] a = at[b];
              for (int j = sl[1]; j < sl[2]; j++) {
                if (width == 1) {
                  pieces[j] = rows.title(idx[j]);
                } else {
                  rows.titlePieces(idx[j], pieces, j * width, days);
                }
                a[j] = j;
              }
              // slices of a bucket share its scratch array, each in its own range
              mergeSort(a, tmp[b], sl[1], sl[2], keys);
            });
    // Merge each bucket's sorted slices pairwise (in parallel across pairs and buckets).
    for (int width = slice; ; width *= 2) {
      List<int[]> merges = new ArrayList<>();
      for (int b = 0; b < buckCount; b++) {
        int size = at[b].length;
        for (int from = 0; from + width < size; from += 2 * width) {
          merges.add(new int[] {b, from, from + width, Math.min(size, from + 2 * width)});
        }
      }
      if (merges.isEmpty()) {
        break;
      }
      IntStream.range(0, merges.size())
          .parallel()
          .forEach(
              k -> {
                int[] m = merges.get(k);
                merge(at[m[0]], m[1], m[2], m[3], titles[m[0]]);
              });
    }
    int[] out = new int[n];
    int pos = 0;
    for (int b = 0; b < buckCount; b++) {
      int[] idx = ordered.get(b)[0];
      int[] a = at[b];
      for (int j = 0; j < a.length; j++) {
        out[pos++] = idx[a[j]];
      }
    }
    return out;
  }

  /**
   * Merges the sorted runs {@code a[from, mid)} and {@code a[mid, to)} (positions into {@code
   * keys}), stably: on equal keys the left run's position comes first.
   */
  static void merge(int[] a, int from, int mid, int to, TitleOrder keys) {
    if (keys.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    int[] left = java.util.Arrays.copyOfRange(a, from, mid);
    int i = 0;
    int j = mid;
    int k = from;
    while (i < left.length && j < to) {
      if (keys.compare(left[i], a[j]) <= 0) {
        a[k++] = left[i++];
      } else {
        a[k++] = a[j++];
      }
    }
    while (i < left.length) {
      a[k++] = left[i++];
    }
  }

  /**
   * Sorts {@code a[from, to)} (positions into {@code keys}) by key, stably: equal keys keep their
   * order, as {@link List#sort} keeps equal findings in found order.
   */
  static void mergeSort(int[] a, int[] tmp, int from, int to, TitleOrder keys) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) {
        int x = a[i];
        int j = i - 1;
        while (j >= from && keys.compare(a[j], x) > 0) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = x;
      }
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, keys);
    mergeSort(a, tmp, mid, to, keys);
    if (keys.compare(a[mid - 1], a[mid]) <= 0) {
      return;
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    for (int k = from; k < to; k++) {
      if (j >= to || (i < mid && keys.compare(tmp[i], tmp[j]) <= 0)) {
        a[k] = tmp[i++];
      } else {
        a[k] = tmp[j++];
      }
    }
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
