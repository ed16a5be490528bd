package dev.haechi.detection.correlation;

import dev.haechi.detection.rules.CorrelationType;
import dev.haechi.detection.rules.SigmaCorrelation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The occurrences of one group of one correlation inside its sliding event-time window, kept in
 * event-time order. The window ending at time {@code t} holds occurrences with time in {@code [t −
 * timespan, t]}: both edges are inclusive, so two events exactly {@code timespan} apart are in one
 * window. Not thread-safe.
 */
final class GroupWindow {
  private final List<Occurrence> entries = new ArrayList<>();
  private final int maxEntries;
  private final int keepEvents;

  /**
   * @param keepEvents how many of the newest occurrences keep their event (an alert shows at most
   *     that many); older ones keep only time, rule and value, so that memory does not grow with
   *     whole events
   */
  GroupWindow(int maxEntries, int keepEvents) {
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
  }

  private static Occurrence withoutEvent(Occurrence o) {
    return o.event() == null ? o : new Occurrence(o.time(), o.ruleIndex(), o.value(), null);
  }

  /** Drops occurrences that no window ending at or after {@code horizon} can hold. */
  void expire(Instant horizon, SigmaCorrelation c) {
    Instant oldest = horizon.minus(c.timespan());
    while (!entries.isEmpty() && entries.get(0).time().isBefore(oldest)) {
      entries.remove(0);
    }
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  void clear() {
    entries.clear();
  }

  /** The occurrences in the window ending at {@code end}, oldest first. */
  List<Occurrence> window(Instant end, SigmaCorrelation c) {
    Instant start = end.minus(c.timespan());
    List<Occurrence> out = new ArrayList<>();
    for (Occurrence o : entries) {
      if (!o.time().isBefore(start) && !o.time().isAfter(end)) {
        out.add(o);
      }
    }
    return out;
  }

  /** Whether the correlation's condition holds on the window ending at {@code trigger}'s time. */
  static boolean holds(SigmaCorrelation c, List<Occurrence> w, Occurrence trigger) {
    CorrelationType type = c.type();
    return switch (type) {
      case EVENT_COUNT -> c.condition().test(w.size());
      case VALUE_COUNT -> c.condition().test(distinct(w));
      case VALUE_SUM -> {
        double[] v = numbers(w);
        yield v.length > 0 && c.condition().test(sum(v));
      }
      case VALUE_AVG -> {
        double[] v = numbers(w);
        yield v.length > 0 && c.condition().test(sum(v) / v.length);
      }
      case VALUE_PERCENTILE -> {
        if (trigger.value() == null) {
          yield false;
        }
        long withValue = w.stream().filter(o -> o.value() != null).count();
        long same = w.stream().filter(o -> trigger.value().equals(o.value())).count();
        yield withValue > 0 && c.condition().test(100.0 * same / withValue);
      }
      case TEMPORAL -> {
        Set<Integer> seen = new HashSet<>();
        w.forEach(o -> seen.add(o.ruleIndex()));
        yield c.condition().bounds().isEmpty()
            ? seen.size() == c.rules().size()
            : c.condition().test(seen.size());
      }
      case TEMPORAL_ORDERED -> ordered(w, c.rules().size());
    };
  }

  /** Whether the rules occur in their listed order (a subsequence by event time). */
  private static boolean ordered(List<Occurrence> w, int rules) {
    int next = 0;
    for (Occurrence o : w) {
      if (o.ruleIndex() == next) {
        next++;
        if (next == rules) {
          return true;
        }
      }
    }
    return false;
  }

  private static int distinct(List<Occurrence> w) {
    Set<String> values = new HashSet<>();
    for (Occurrence o : w) {
      if (o.value() != null) {
        values.add(o.value());
      }
    }
    return values.size();
  }

  private static double[] numbers(List<Occurrence> w) {
    List<Double> out = new ArrayList<>();
    for (Occurrence o : w) {
      if (o.value() != null) {
        try {
          out.add(Double.parseDouble(o.value().trim()));
        } catch (NumberFormatException e) {
          // a non-numeric value does not count towards a sum or average
        }
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
