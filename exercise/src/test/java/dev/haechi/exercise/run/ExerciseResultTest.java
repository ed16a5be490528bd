package dev.haechi.exercise.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A result lists its techniques and false positives in a fixed order, whatever order the maps given
 * iterate in: the result JSON and the reports are written from them, and the same run must give the
 * same text in every JVM (an immutable {@code Map.copyOf} iterates in an order that changes from
 * one JVM to the next).
 */
class ExerciseResultTest {
  @Test
  void techniques_and_false_positives_iterate_in_sorted_order() {
    Map<String, Outcome> techniques = new HashMap<>();
    Map<String, Long> falsePositives = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (int i = 40; i >= 1; i--) {
      String id = String.format("T%04d", 1000 + i * 37 % 41);
      ids.add(id);
      techniques.put(id, Outcome.values()[i % Outcome.values().length]);
      falsePositives.put("rule-" + id, (long) i);
    }
    ExerciseResult r =
        new ExerciseResult(
            null,
            100,
            Map.of(),
            List.of(),
            List.of(),
            techniques,
            0,
            0,
            0,
            0,
            falsePositives,
            1,
            Duration.ZERO,
            List.of(),
            List.of());
    List<String> sorted = ids.stream().sorted().distinct().toList();
    assertThat(new ArrayList<>(r.techniques().keySet())).isEqualTo(sorted);
    assertThat(new ArrayList<>(r.falsePositivesByRule().keySet()))
        .isEqualTo(sorted.stream().map(id -> "rule-" + id).toList());
    assertThat(r.techniques()).isEqualTo(techniques);
  }
}
