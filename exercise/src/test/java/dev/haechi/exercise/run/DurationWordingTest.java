package dev.haechi.exercise.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Durations in outcomes and expectations always carry a unit: "fired 0s after", never "fired 0".
 */
class DurationWordingTest {
  @Test
  void zero_has_a_unit_and_others_keep_the_short_form() {
    assertThat(ExerciseRunner.fmt(Duration.ZERO)).isEqualTo("0s");
    assertThat(ExerciseRunner.fmt(Duration.ofMillis(900))).isEqualTo("0s");
    assertThat(ExerciseRunner.fmt(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(ExerciseRunner.fmt(Duration.ofMinutes(15))).isEqualTo("15m");
  }
}
