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

/**
 * The list-backed group window as it was before the ring buffer ({@link GroupWindow}), kept as the
 * simple reference that {@code CorrelationAgreementTest} compares the fast engine with. Do not
 * optimise.
 *
 * <p>The occurrences of one group of one correlation, kept in event-time order, and the group's own
 * event-time progress ({@link #newest}: lateness is judged per group). The window ending at time
 * {@code t} holds occurrences with time in {@code [t − timespan, t]}: both edges are inclusive, so
 * two events exactly {@code timespan} apart are in one window. For a correlation judged at window
 * close, {@link #start} / {@link #end} is the open window (null when none is open). Not
 * thread-safe.
 */
final class ReferenceGroupWindow {
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final List<Occurrence> entries = new ArrayList<>();
  private final int maxEntries;
  private final int keepEvents;

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
  ReferenceGroupWindow(int maxEntries, int keepEvents) {
    this.maxEntries = maxEntries;
    this.keepEvents = keepEvents;
  }

  /** Inserts in time order (a late occurrence goes before newer ones). */
  void add(Occurrence o) {
    int i = entries.size();
    while (i > 0 && entries.get(i - 1).time().isAfter(o.time())) {
      i--;
    }
    entries.add(i, i < entries.size() - keepEvents ? withoutEvent(o) : o);
    int older = entries.size() - keepEvents - 1;
    if (older >= 0 && entries.get(older).event() != null) {
      entries.set(older, withoutEvent(entries.get(older)));
    }
    if (entries.size() > maxEntries) {
      entries.remove(0);
    }
    if (newest == null || o.time().isAfter(newest)) {
      newest = o.time();
    }
  }

  private static Occurrence withoutEvent(Occurrence o) {
    return o.event() == null ? o : new Occurrence(o.time(), o.ruleIndex(), o.values(), null);
  }

  /** Drops occurrences that no window ending at or after {@code horizon} can hold. */
  void expire(Instant horizon, SigmaCorrelation c) {
    Instant oldest = horizon.minus(c.timespan());
    int k = 0;
    while (k < entries.size() && entries.get(k).time().isBefore(oldest)) {
      k++;
    }
    if (k > 0) {
      entries.subList(0, k).clear(); // one shift, not one per expired occurrence
    }
  }

  boolean isEmpty() {
    return entries.isEmpty() && start == null;
  }

  void clear() {
    entries.clear();
  }

  /** Drops the occurrences up to and including {@code t}. */
  void clearUntil(Instant t) {
    entries.removeIf(o -> !o.time().isAfter(t));
  }

  /** The occurrences in {@code [start, end]}, oldest first. */
  List<Occurrence> between(Instant from, Instant to) {
    List<Occurrence> out = new ArrayList<>();
    for (Occurrence o : entries) {
      if (!o.time().isBefore(from) && !o.time().isAfter(to)) {
        out.add(o);
      }
    }
    return out;
  }

  /** The occurrences in the sliding window ending at {@code end}, oldest first. */
  List<Occurrence> window(Instant end, SigmaCorrelation c) {
    return between(end.minus(c.timespan()), end);
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
