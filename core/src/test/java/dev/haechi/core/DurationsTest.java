package dev.haechi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void short_forms_and_iso_forms_parse_to_the_same_duration() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("4h")).isEqualTo(Durations.parse("PT4H"));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void malformed_duration_is_refused_with_the_text_and_the_accepted_forms() {
    assertThatThrownBy(() -> Durations.parse("4 hours"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'4 hours'")
        .hasMessageContaining("30s");
  }

  @Property
  void formatting_then_parsing_gives_back_the_same_duration(
      @ForAll @LongRange(min = 0, max = 10_000_000) long seconds) {
    Duration d = Duration.ofSeconds(seconds);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
