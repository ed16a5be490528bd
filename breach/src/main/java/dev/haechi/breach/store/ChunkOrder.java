package dev.haechi.breach.store;

import dev.haechi.breach.event.EventColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which one chunk's rows are written: grouped by UTC day (one file each), and within a
 * day by key (by UTF-8 bytes, as DuckDB orders VARCHAR; no key last) then time, arrival order kept
 * for equal times (a stable sort). Two counting sorts over row indices (by key rank, then by day)
 * and a merge sort only for a key's rows that did not arrive in time order.
 */
final class ChunkOrder {
  private static final long DAY_US = 86_400_000_000L;

  private final long[] days;
  private final int[] starts;
  private final int[] order;
  private final int[] kidRanks;

  private ChunkOrder(long[] days, int[] starts, int[] order, int[] kidRanks) {
    this.days = days;
    this.starts = starts;
    this.order = order;
    this.kidRanks = kidRanks;
  }

  int days() {
    return days.length;
  }

  /** The epoch day of the {@code d}-th file. */
  long day(int d) {
    return days[d];
  }

  int dayStart(int d) {
    return starts[d];
  }

  int dayEnd(int d) {
    return starts[d + 1];
  }

  /** Row indices in write order. */
  int[] order() {
    return order;
  }

  /** Each row's key rank (equal for equal keys). */
  int[] kidRanks() {
    return kidRanks;
  }

  static ChunkOrder of(EventColumns cols) {
    int n = cols.rows();
    int[] rank = kidRanks(cols);
    int keys = 0;
    for (int i = 0; i < n; i++) {
      keys = Math.max(keys, rank[i] + 1);
    }
    int[] dayIdx = new int[n];
    long[] days = dayIndices(cols, dayIdx);
    // stable counting sorts: by key rank, then by day
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    int[] byKey = countingSort(identity, rank, keys);
    int[] order = countingSort(byKey, dayIdx, days.length);
    int[] starts = new int[days.length + 1];
    for (int i = 0; i < n; i++) {
      starts[dayIdx[i] + 1]++;
    }
    for (int k = 0; k < days.length; k++) {
      starts[k + 1] += starts[k];
    }
    timeOrder(cols, order, rank, dayIdx);
    return new ChunkOrder(days, starts, order, rank);
  }

  /**
   * Fills {@code dayIdx} with each row's UTC day as an index into the returned sorted distinct
   * days.
   */
  private static long[] dayIndices(EventColumns cols, int[] dayIdx) {
    int n = cols.rows();
    Map<Long, Integer> dayIds = new HashMap<>();
    List<Long> dayList = new ArrayList<>();
    long lastDay = Long.MIN_VALUE;
    int lastId = -1;
    for (int i = 0; i < n; i++) {
      long d = Math.floorDiv(cols.micros(i), DAY_US);
      if (d != lastDay) {
        Integer id = dayIds.get(d);
        if (id == null) {
          id = dayList.size();
          dayIds.put(d, id);
          dayList.add(d);
        }
        lastDay = d;
        lastId = id;
      }
      dayIdx[i] = lastId;
    }
    long[] days = dayList.stream().mapToLong(Long::longValue).toArray();
    Integer[] byDay = new Integer[days.length];
    for (int k = 0; k < byDay.length; k++) {
      byDay[k] = k;
    }
    Arrays.sort(byDay, (x, y) -> Long.compare(days[x], days[y]));
    int[] dayRank = new int[days.length];
    long[] sortedDays = new long[days.length];
    for (int k = 0; k < byDay.length; k++) {
      dayRank[byDay[k]] = k;
      sortedDays[k] = days[byDay[k]];
    }
    for (int i = 0; i < n; i++) {
      dayIdx[i] = dayRank[dayIdx[i]];
    }
    return sortedDays;
  }

  /** Puts each (day, key) run of {@code order} in time order (stable). */
  private static void timeOrder(EventColumns cols, int[] order, int[] rank, int[] dayIdx) {
    int n = order.length;
    long[] tmpKeys = null;
    int[] tmp = null;
    int i = 0;
    while (i < n) {
      int j = runEnd(order, rank, dayIdx, i);
      if (!inTimeOrder(cols, order, i, j)) {
        if (tmp == null) {
          tmp = new int[n];
          tmpKeys = new long[n];
        }
        for (int k = i; k < j; k++) {
          tmpKeys[order[k]] = cols.micros(order[k]);
        }
        mergeSort(order, tmp, i, j, tmpKeys);
      }
      i = j;
    }
  }

  private static int runEnd(int[] order, int[] rank, int[] dayIdx, int i) {
    int r = order[i];
    int j = i + 1;
    while (j < order.length && rank[order[j]] == rank[r] && dayIdx[order[j]] == dayIdx[r]) {
      j++;
    }
    return j;
  }

  private static boolean inTimeOrder(EventColumns cols, int[] order, int from, int to) {
    for (int k = from + 1; k < to; k++) {
      if (cols.micros(order[k - 1]) > cols.micros(order[k])) {
        return false;
      }
    }
    return true;
  }

  /** Each row's key rank: keys ordered by their UTF-8 bytes (unsigned), no key last. */
  private static int[] kidRanks(EventColumns cols) {
    int n = cols.rows();
    int[] key = new int[n];
    int dictSize = cols.dictionaries().strings(EventColumns.KID).size();
    int[] byId = new int[dictSize];
    Arrays.fill(byId, -1);
    Map<String, Integer> raw = new HashMap<>();
    List<byte[]> values = new ArrayList<>();
    int nullKey = -1;
    for (int i = 0; i < n; i++) {
      int code = cols.code(EventColumns.KID, i);
      int k;
      if (code == EventColumns.NULL) {
        if (nullKey < 0) {
          nullKey = values.size();
          values.add(null);
        }
        k = nullKey;
      } else if (code >= 0 && code < dictSize) {
        k = byId[code];
        if (k < 0) {
          k = values.size();
          byId[code] = k;
          values.add(value(cols.dictionaries().strings(EventColumns.KID).value(code), 0));
        }
      } else { // kept in the arena (the dictionary was full): by bytes
        byte[] v =
            code >= 0
                ? value(cols.dictionaries().strings(EventColumns.KID).value(code), 0)
                : value(cols.arena(), EventColumns.arenaOffset(code));
        String text = new String(v, java.nio.charset.StandardCharsets.ISO_8859_1);
        Integer id = raw.get(text);
        if (id == null) {
          id = values.size();
          raw.put(text, id);
          values.add(v);
        }
        k = id;
      }
      key[i] = k;
    }
    // equal bytes can reach two keys (an id and an arena copy): merge them by sorting
    Integer[] sorted = new Integer[values.size()];
    for (int k = 0; k < sorted.length; k++) {
      sorted[k] = k;
    }
    Arrays.sort(
        sorted,
        (x, y) -> {
          byte[] a = values.get(x);
          byte[] b = values.get(y);
          if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1;
          }
          return Arrays.compareUnsigned(a, b);
        });
    int[] rankOf = new int[sorted.length];
    int rank = -1;
    byte[] prev = null;
    for (int k = 0; k < sorted.length; k++) {
      byte[] v = values.get(sorted[k]);
      if (k == 0 || v == null || prev == null || !Arrays.equals(v, prev)) {
        rank++;
      }
      rankOf[sorted[k]] = rank;
      prev = v;
    }
    for (int i = 0; i < n; i++) {
      key[i] = rankOf[key[i]];
    }
    return key;
  }

  private static byte[] value(byte[] b, int at) {
    return Arrays.copyOfRange(b, at + 4, at + 4 + EventColumns.le32(b, at));
  }

  /** A stable counting sort of {@code rows} by {@code keyOf[row]} in {@code [0, keys)}. */
  private static int[] countingSort(int[] rows, int[] keyOf, int keys) {
    int[] count = new int[keys + 1];
    for (int r : rows) {
      count[keyOf[r] + 1]++;
    }
    for (int k = 0; k < keys; k++) {
      count[k + 1] += count[k];
    }
    int[] out = new int[rows.length];
    for (int r : rows) {
      out[count[keyOf[r]]++] = r;
    }
    return out;
  }

  /** Stable merge sort of {@code a[from, to)} by {@code key[row]}. */
  private static void mergeSort(int[] a, int[] tmp, int from, int to, long[] key) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, key);
    mergeSort(a, tmp, mid, to, key);
    if (key[a[mid - 1]] <= key[a[mid]]) {
      return;
    }
    System.arraycopy(a, from, tmp, from, to - from);
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      a[k++] = key[tmp[j]] < key[tmp[i]] ? tmp[j++] : tmp[i++];
    }
    while (i < mid) {
      a[k++] = tmp[i++];
    }
    while (j < to) {
      a[k++] = tmp[j++];
    }
  }
}
