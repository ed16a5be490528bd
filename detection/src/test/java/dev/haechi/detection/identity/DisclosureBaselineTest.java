package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The bounded baseline agrees with a naive one that keeps every bucket of every principal. */
class DisclosureBaselineTest {
  static final DisclosureBaseline.Settings SETTINGS =
      new DisclosureBaseline.Settings(Duration.ofMinutes(1), 5, 3.0, 10, 1_000);

  /** The reference: all counts kept, threshold recomputed from scratch. */
  static final class Naive {
    final Map<String, TreeMap<Long, Long>> counts = new HashMap<>();
    final Map<String, Long> raisedIn = new HashMap<>();

    boolean record(String principal, long millis, long n) {
      long bucket = Math.floorDiv(millis, SETTINGS.bucket().toMillis());
      TreeMap<Long, Long> c = counts.computeIfAbsent(principal, k -> new TreeMap<>());
      long current = c.isEmpty() ? bucket : Math.max(c.lastKey(), bucket);
      c.merge(current, n, Long::sum);
      long first = c.firstKey();
      long from = Math.max(first, current - SETTINGS.history());
      long sum = 0;
      for (long b = from; b < current; b++) {
        sum += c.getOrDefault(b, 0L);
      }
      double baseline = current > from ? (double) sum / (current - from) : 0;
      double threshold = Math.max(SETTINGS.minimum(), SETTINGS.factor() * baseline);
      if (c.get(current) >= threshold && !Long.valueOf(current).equals(raisedIn.get(principal))) {
        raisedIn.put(principal, current);
        return true;
      }
      return false;
    }
  }

  record Step(int principal, int advanceSeconds, int subjects) {}

  @Property(tries = 300)
  void bounded_baseline_agrees_with_the_naive_one(
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 3) Integer> principals,
      @ForAll @Size(max = 300) List<@IntRange(min = -20, max = 90) Integer> advances,
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 12) Integer> subjects) {
    int n = Math.min(principals.size(), Math.min(advances.size(), subjects.size()));
    DisclosureBaseline fast = new DisclosureBaseline(SETTINGS);
    Naive naive = new Naive();
    long t = 1_750_000_000_000L;
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t += advances.get(i) * 1000L;
      String p = "p" + principals.get(i);
      boolean a = fast.record(p, t, subjects.get(i));
      boolean b = naive.record(p, t, subjects.get(i));
      if (a != b) {
        disagreements.add(i + ": " + p + " fast=" + a + " naive=" + b);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  /**
   * Kept outside the baseline between events, as the Flink job keeps it in keyed state: before each
   * event the principal's state is restored into an empty baseline, after it exported; the answers
   * equal the naive baseline's.
   */
  @Property(tries = 200)
  void exported_and_restored_around_every_event_agrees_with_the_naive_one(
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 3) Integer> principals,
      @ForAll @Size(max = 300) List<@IntRange(min = -20, max = 90) Integer> advances,
      @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 12) Integer> subjects) {
    int n = Math.min(principals.size(), Math.min(advances.size(), subjects.size()));
    Map<String, long[]> keyed = new HashMap<>();
    Naive naive = new Naive();
    long t = 1_750_000_000_000L;
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      t += advances.get(i) * 1000L;
      String p = "p" + principals.get(i);
      DisclosureBaseline fresh = new DisclosureBaseline(SETTINGS);
      fresh.restore(p, keyed.get(p));
      boolean a = fresh.record(p, t, subjects.get(i));
      keyed.put(p, fresh.export(p));
      boolean b = naive.record(p, t, subjects.get(i));
      if (a != b) {
        disagreements.add(i + ": " + p + " restored=" + a + " naive=" + b);
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void a_new_principal_is_judged_against_the_minimum_and_raised_once_per_bucket() {
    DisclosureBaseline b = new DisclosureBaseline(SETTINGS);
    long t = 1_750_000_000_000L - 1_750_000_000_000L % 60_000;
    assertThat(b.record("x", t, 9)).isFalse();
    assertThat(b.record("x", t + 1, 1)).isTrue();
    assertThat(b.record("x", t + 2, 100)).isFalse();
    assertThat(b.threshold("x")).isEqualTo(10.0);
  }
}
