package dev.haechi.detection.correlation;

import dev.haechi.detection.rules.CorrelationCondition;
import dev.haechi.detection.rules.CorrelationType;
import dev.haechi.detection.rules.SigmaCorrelation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The occurrences of one group of one correlation, kept in event-time order, and the group's own
 * event-time progress ({@link #newest}: lateness is judged per group). The window ending at time
 * {@code t} holds occurrences with time in {@code [t − timespan, t]}: both edges are inclusive, so
 * two events exactly {@code timespan} apart are in one window. For a correlation judged at window
 * close, {@link #start} / {@link #end} is the open window (null when none is open). Not
 * thread-safe.
 *
 * <p>Storage is a ring of parallel arrays (time, rule, values, event) rather than a list of
 * occurrence objects: the common operations — append the newest occurrence, expire the oldest,
 * count the window ending now — touch no other entry and allocate nothing, and expiring a prefix
 * does not shift the rest. Times are kept as primitive epoch seconds and nanoseconds, not {@code
 * Instant} objects: the searches and expiry compare times on every occurrence, and an object per
 * entry made each comparison a load from wherever that event's {@code Instant} lies. A late
 * occurrence is inserted in place (shifting only the newer ones). {@code CorrelationAgreementTest}
 * checks it against the list-backed reference (the window as it was before), operation by operation
 * and through the whole engine.
 */
final class GroupWindow extends dev.haechi.detection.state.LruTable.Node<GroupKey> {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private static final int INITIAL_CAPACITY = 4;

  private final int maxEntries;
  private final int keepEvents;

  // the ring: entry i (0 = oldest) is at (head + i) & (capacity - 1)
  private long[] seconds = new long[INITIAL_CAPACITY];
  private int[] nanos = new int[INITIAL_CAPACITY];
  private int[] rules = new int[INITIAL_CAPACITY];
  private Object[] values = new Object[INITIAL_CAPACITY];
  private JsonNode[] events = new JsonNode[INITIAL_CAPACITY];
  private int head;
  private int size;

  // how many values (condition field values) all entries hold together: a value_count lower bound
  // that the window's values miss is decided by walking only the entries outside the window
  private int valueTotal;

  // the oldest entry's time (entry 0), kept beside the ring so that a sweep over every group
  // reads only the window object; meaningful while size > 0
  private long oldestSecond;
  private int oldestNano;

  /**
   * When the group was last used, in the sequence {@link CorrelationPartitions} hands out: the
   * access order of groups spread over several partitions.
   */
  long lastUse;

  /** The newest occurrence time this group has seen. */
  Instant newest;

  /** The open window of a correlation judged at close, or null. */
  Instant start;

  Instant end;

  /**
   * @param keepEvents how many of the newest occurrences keep their event (an alert shows at most
   *     that many); older ones keep only time, rule and value, so that memory does not grow with
   *     whole events
   */
  GroupWindow(int maxEntries, int keepEvents) {
    this.maxEntries = maxEntries;
    this.keepEvents = keepEvents;
  }

  private int slot(int i) {
    return (head + i) & (seconds.length - 1);
  }

  int size() {
    return size;
  }

  Instant time(int i) {
    int k = slot(i);
    return Instant.ofEpochSecond(seconds[k], nanos[k]);
  }

  /** Whether entry {@code i}'s time is after {@code t} ({@code time(i).isAfter(t)}). */
  private boolean after(int i, Instant t) {
    int k = slot(i);
    long s = t.getEpochSecond();
    return seconds[k] > s || (seconds[k] == s && nanos[k] > t.getNano());
  }

  /** Whether entry {@code i}'s time is before {@code t} ({@code time(i).isBefore(t)}). */
  private boolean before(int i, Instant t) {
    return before(i, t.getEpochSecond(), t.getNano());
  }

  /** Whether entry {@code i}'s time is before second {@code s} and nanosecond {@code n}. */
  private boolean before(int i, long s, int n) {
    int k = slot(i);
    return seconds[k] < s || (seconds[k] == s && nanos[k] < n);
  }

  @SuppressWarnings("unchecked")
  private List<String> valuesAt(int i) {
    return (List<String>) values[slot(i)];
  }

  /** Entry {@code i} (0 = oldest) as an occurrence. */
  Occurrence occurrence(int i) {
    int k = slot(i);
    @SuppressWarnings("unchecked")
    List<String> v = (List<String>) values[k];
    return new Occurrence(Instant.ofEpochSecond(seconds[k], nanos[k]), rules[k], v, events[k]);
  }

  /** Inserts in time order (a late occurrence goes before newer ones). */
  void add(Occurrence o) {
    add(o.time(), o.ruleIndex(), o.values(), o.event());
  }

  /** As {@link #add(Occurrence)} without the occurrence object. */
  void add(Instant time, int ruleIndex, List<String> vals, JsonNode event) {
    int n = size;
    int i = n;
    while (i > 0 && after(i - 1, time)) {
      i--;
    }
    if (n + 1 > seconds.length) {
      grow();
    }
    for (int j = n; j > i; j--) { // shift the newer ones (a late occurrence only)
      int to = slot(j);
      int from = slot(j - 1);
      seconds[to] = seconds[from];
      nanos[to] = nanos[from];
      rules[to] = rules[from];
      values[to] = values[from];
      events[to] = events[from];
    }
    int k = slot(i);
    seconds[k] = time.getEpochSecond();
    nanos[k] = time.getNano();
    rules[k] = ruleIndex;
    values[k] = vals;
    valueTotal += vals.size();
    events[k] = i < n - keepEvents ? null : event;
    size = n + 1;
    if (i == 0) {
      oldestSecond = time.getEpochSecond();
      oldestNano = time.getNano();
    }
    int older = size - keepEvents - 1;
    if (older >= 0) {
      events[slot(older)] = null;
    }
    if (size > maxEntries) {
      removeFirst(1);
    }
    if (newest == null || time.isAfter(newest)) {
      newest = time;
    }
  }

  private void grow() {
    int cap = seconds.length * 2;
    long[] sec = new long[cap];
    int[] nan = new int[cap];
    int[] r = new int[cap];
    Object[] v = new Object[cap];
    JsonNode[] e = new JsonNode[cap];
    for (int i = 0; i < size; i++) {
      int k = slot(i);
      sec[i] = seconds[k];
      nan[i] = nanos[k];
      r[i] = rules[k];
      v[i] = values[k];
      e[i] = events[k];
    }
    seconds = sec;
    nanos = nan;
    rules = r;
    values = v;
    events = e;
    head = 0;
  }

  /** Drops the {@code k} oldest entries (clearing their references). */
  private void removeFirst(int k) {
    for (int i = 0; i < k; i++) {
      int s = slot(i);
      valueTotal -= ((List<?>) values[s]).size();
      values[s] = null;
      events[s] = null;
    }
    head = (head + k) & (seconds.length - 1);
    size -= k;
    if (size == 0) {
      head = 0;
    } else {
      oldestSecond = seconds[head];
      oldestNano = nanos[head];
    }
  }

  /** Drops occurrences that no window ending at or after {@code horizon} can hold. */
  void expire(Instant horizon, SigmaCorrelation c) {
    expireBefore(horizon.minus(c.timespan()));
  }

  /**
   * Drops the occurrences before {@code oldest}. Decided on the window's own copy of its oldest
   * time when nothing is that old (the common case of a sweep over every group).
   */
  void expireBefore(Instant oldest) {
    expireBefore(oldest.getEpochSecond(), oldest.getNano());
  }

  /** As {@link #expireBefore(Instant)} with the time as epoch second and nanosecond. */
  void expireBefore(long second, int nano) {
    if (size == 0 || oldestSecond > second || (oldestSecond == second && oldestNano >= nano)) {
      return;
    }
    int k = 0;
    while (k < size && before(k, second, nano)) {
      k++;
    }
    if (k > 0) {
      removeFirst(k);
    }
  }

  /**
   * For a sweep that drops the empty windows (and leaves an open one alone: false): when every
   * entry is before the time ({@code second}, {@code nano}), forgets the entries without clearing
   * each one's references (the caller drops this window: it is garbage) and returns true; otherwise
   * as {@link #expireBefore(long, int)} and returns {@link #isEmpty()}.
   */
  boolean expiresWhole(long second, int nano) {
    if (start != null) {
      return false; // an open window stays until it is judged
    }
    if (size == 0 || before(size - 1, second, nano)) {
      size = 0;
      head = 0;
      valueTotal = 0;
      return true;
    }
    expireBefore(second, nano);
    return isEmpty();
  }

  boolean isEmpty() {
    return size == 0 && start == null;
  }

  void clear() {
    removeFirst(size);
  }

  /** Drops the occurrences up to and including {@code t} (a prefix: entries are in time order). */
  void clearUntil(Instant t) {
    int k = 0;
    while (k < size && !after(k, t)) {
      k++;
    }
    if (k > 0) {
      removeFirst(k);
    }
  }

  /** The first entry at or after {@code from}. */
  int lower(Instant from) {
    return lower(from.getEpochSecond(), from.getNano());
  }

  /** As {@link #lower(Instant)} with the time as epoch second and nanosecond. */
  int lower(long second, int nano) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (before(mid, second, nano)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first entry after {@code to}. */
  int upper(Instant to) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (after(mid, to)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The entries {@code [from, to)} as occurrences, oldest first. */
  List<Occurrence> range(int from, int to) {
    List<Occurrence> out = new ArrayList<>(Math.max(0, to - from));
    for (int i = from; i < to; i++) {
      out.add(occurrence(i));
    }
    return out;
  }

  /** The occurrences in {@code [start, end]}, oldest first. */
  List<Occurrence> between(Instant from, Instant to) {
    return range(lower(from), upper(to));
  }

  /** The occurrences in the sliding window ending at {@code end}, oldest first. */
  List<Occurrence> window(Instant end, SigmaCorrelation c) {
    return between(end.minus(c.timespan()), end);
  }

  /**
   * {@link #holds(SigmaCorrelation, List)} on the entries {@code [from, to)}: counts without
   * building the list for {@code event_count} and {@code value_count}, the list for the rest.
   */
  boolean holds(SigmaCorrelation c, int from, int to) {
    return holds(c, Bounds.of(c.condition()), from, to);
  }

  /** As {@link #holds(SigmaCorrelation, int, int)} with {@code c}'s bounds made once. */
  boolean holds(SigmaCorrelation c, Bounds bounds, int from, int to) {
    switch (c.type()) {
      case EVENT_COUNT:
        return bounds.test(to - from);
      case VALUE_COUNT:
        {
          if (bounds.onlyLowerBounds
              && (!bounds.test(valueTotal) || !bounds.test(valueCount(from, to)))) {
            return false; // distinct values are at most the window's values, at most all values
          }
          Set<String> distinct = new HashSet<>();
          for (int i = from; i < to; i++) {
            distinct.addAll(valuesAt(i));
          }
          return bounds.test(distinct.size());
        }
      default:
        return holds(c, range(from, to));
    }
  }

  /**
   * How many values the entries {@code [from, to)} hold together (repeats counted): walks the
   * entries inside or, when fewer, those outside and takes them from the total.
   */
  int valueCount(int from, int to) {
    int inside = to - from;
    int n = 0;
    if (inside <= size - inside) {
      for (int i = from; i < to; i++) {
        n += valuesAt(i).size();
      }
      return n;
    }
    n = valueTotal;
    for (int i = 0; i < from; i++) {
      n -= valuesAt(i).size();
    }
    for (int i = to; i < size; i++) {
      n -= valuesAt(i).size();
    }
    return n;
  }

  /** The events kept among the last {@code max} entries of {@code [from, to)}, oldest first. */
  List<JsonNode> events(int from, int to, int max) {
    List<JsonNode> out = new ArrayList<>();
    for (int i = Math.max(from, to - max); i < to; i++) {
      JsonNode e = events[slot(i)];
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Whether the correlation's condition holds on the window's content {@code w}, computed as a
   * backend's aggregation over the window would: count, distinct count, sum, average, percentile.
   */
  static boolean holds(SigmaCorrelation c, List<Occurrence> w) {
    CorrelationType type = c.type();
    return switch (type) {
      case EVENT_COUNT -> c.condition().test(w.size());
      case VALUE_COUNT -> valueCountHolds(c.condition(), w);
      case VALUE_SUM -> {
        double[] v = numbers(w);
        yield v.length > 0 && c.condition().test(sum(v));
      }
      case VALUE_AVG -> {
        double[] v = numbers(w);
        yield v.length > 0 && c.condition().test(sum(v) / v.length);
      }
      case VALUE_PERCENTILE -> {
        if (c.condition().percentile() != null) {
          double[] v = numbers(w);
          yield v.length > 0 && c.condition().test(percentile(v, c.condition().percentile()));
        }
        yield someValueShare(c, w);
      }
      case TEMPORAL -> {
        Set<Integer> seen = new HashSet<>();
        w.forEach(o -> seen.add(o.ruleIndex()));
        yield c.condition().bounds().isEmpty()
            ? seen.size() == c.rules().size()
            : c.condition().test(seen.size());
      }
      case TEMPORAL_ORDERED -> {
        int inOrder = ordered(w, c.rules().size());
        yield c.condition().bounds().isEmpty()
            ? inOrder == c.rules().size()
            : c.condition().test(inOrder);
      }
    };
  }

  /**
   * Without pySigma's {@code percentile}: whether the share (0–100) of the window's values taken by
   * some value satisfies the bounds (the specification's example: a process name seen in less than
   * 1% of all the processes).
   */
  private static boolean someValueShare(SigmaCorrelation c, List<Occurrence> w) {
    Map<String, Integer> counts = new HashMap<>();
    int total = 0;
    for (Occurrence o : w) {
      for (String v : o.values()) {
        counts.merge(v, 1, Integer::sum);
        total++;
      }
    }
    for (int n : counts.values()) {
      if (c.condition().test(100.0 * n / total)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code p}th percentile, linearly interpolated between the closest ranks. */
  static double percentile(double[] v, int p) {
    double[] s = v.clone();
    Arrays.sort(s);
    double rank = p / 100.0 * (s.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return s[lo] + (s[hi] - s[lo]) * (rank - lo);
  }

  /**
   * How many of the listed rules occur in their listed order: the longest run of occurrences, in
   * event-time order, whose rules are strictly increasing in the list (every rule in order: all
   * {@code rules}). This is the specification's "count of different event types" for {@code
   * temporal_ordered}; it only grows as the window fills, so lower bounds can fire at the first
   * crossing.
   */
  static int ordered(List<Occurrence> w, int rules) {
    // longest[r]: the longest in-order run ending with an occurrence of rule r
    int[] longest = new int[rules];
    int best = 0;
    for (Occurrence o : w) {
      int r = o.ruleIndex();
      if (r < 0 || r >= rules) {
        continue;
      }
      int before = 0;
      for (int q = 0; q < r; q++) {
        before = Math.max(before, longest[q]);
      }
      if (before + 1 > longest[r]) {
        longest[r] = before + 1;
        best = Math.max(best, longest[r]);
        if (best == rules) {
          return best;
        }
      }
    }
    return best;
  }

  /**
   * {@code value_count}: the condition on the distinct values of {@code w}. Distinct values are at
   * most all values, so a lower bound that all values miss is missed by the distinct ones too: the
   * common case of a first-crossing count is decided without a set per occurrence ({@code
   * OrderedCountTest} compares with the plain distinct count).
   */
  static boolean valueCountHolds(CorrelationCondition condition, List<Occurrence> w) {
    if (condition.onlyLowerBounds() && !condition.test(valueCount(w))) {
      return false;
    }
    return condition.test(distinct(w));
  }

  private static int valueCount(List<Occurrence> w) {
    int n = 0;
    for (Occurrence o : w) {
      n += o.values().size();
    }
    return n;
  }

  static int distinct(List<Occurrence> w) {
    Set<String> values = new HashSet<>();
    for (Occurrence o : w) {
      values.addAll(o.values());
    }
    return values.size();
  }

  /** Whether {@code s} is a finite decimal number (not NaN, not Infinity, not hex). */
  static boolean isNumber(String s) {
    return NUMBER.matcher(s.trim()).matches() && Double.isFinite(Double.parseDouble(s.trim()));
  }

  private static double[] numbers(List<Occurrence> w) {
    List<Double> out = new ArrayList<>();
    for (Occurrence o : w) {
      for (String v : o.values()) {
        if (isNumber(v)) {
          out.add(Double.parseDouble(v.trim()));
        }
        // a non-numeric value does not count towards a sum, average or percentile (counted
        // when it arrives: CorrelationEngine.nonNumericValuesSkipped)
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double sum(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s;
  }
}
