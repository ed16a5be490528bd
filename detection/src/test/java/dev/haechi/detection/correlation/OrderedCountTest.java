package dev.haechi.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GroupWindow#ordered} against a brute-force count over every subset of the rules. */
class OrderedCountTest {
  /** The largest set of rules (taken in list order) that occurs as a subsequence of the window. */
  private static int reference(List<Occurrence> w, int rules) {
    int best = 0;
    for (int mask = 1; mask < 1 << rules; mask++) {
      int next = 0;
      int[] wanted = new int[Integer.bitCount(mask)];
      for (int r = 0, k = 0; r < rules; r++) {
        if ((mask & 1 << r) != 0) {
          wanted[k++] = r;
        }
      }
      for (Occurrence o : w) {
        if (next < wanted.length && o.ruleIndex() == wanted[next]) {
          next++;
        }
      }
      if (next == wanted.length) {
        best = Math.max(best, wanted.length);
      }
    }
    return best;
  }

  @Test
  void agrees_with_the_brute_force_count_on_random_windows() {
    Random random = new Random(18);
    for (int round = 0; round < 20_000; round++) {
      int rules = 1 + random.nextInt(5);
      List<Occurrence> w = new ArrayList<>();
      int size = random.nextInt(12);
      for (int i = 0; i < size; i++) {
        w.add(new Occurrence(Instant.ofEpochSecond(i), random.nextInt(rules), List.of(), null));
      }
      assertThat(GroupWindow.ordered(w, rules))
          .as("%s of %d", w, rules)
          .isEqualTo(reference(w, rules));
    }
  }

  @Test
  void value_count_shortcut_agrees_with_the_distinct_count() {
    Random random = new Random(181);
    String[] ops = {"gt", "gte", "lt", "lte", "eq", "neq"};
    for (int round = 0; round < 20_000; round++) {
      java.util.Map<String, Double> bounds = new java.util.HashMap<>();
      for (int b = 1 + random.nextInt(2); b > 0; b--) {
        bounds.put(ops[random.nextInt(random.nextBoolean() ? 2 : 6)], (double) random.nextInt(8));
      }
      var condition = new dev.haechi.detection.rules.CorrelationCondition("f", bounds);
      List<Occurrence> w = new ArrayList<>();
      for (int i = random.nextInt(10); i > 0; i--) {
        List<String> values = new ArrayList<>();
        for (int v = random.nextInt(3); v > 0; v--) {
          values.add("v" + random.nextInt(6));
        }
        w.add(new Occurrence(Instant.ofEpochSecond(i), 0, values, null));
      }
      assertThat(GroupWindow.valueCountHolds(condition, w))
          .as("%s on %s", bounds, w)
          .isEqualTo(condition.test(GroupWindow.distinct(w)));
    }
  }

  @Test
  void every_rule_in_order_counts_all_of_them() {
    List<Occurrence> w = new ArrayList<>();
    for (int r : new int[] {2, 0, 2, 1, 0, 2}) {
      w.add(new Occurrence(Instant.EPOCH, r, List.of(), null));
    }
    assertThat(GroupWindow.ordered(w, 3)).isEqualTo(3);
    assertThat(GroupWindow.ordered(w.subList(0, 4), 3)).isEqualTo(2);
  }
}
