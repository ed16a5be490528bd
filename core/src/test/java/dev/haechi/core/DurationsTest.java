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

  /** The hand-read short form agrees with the regular expression it replaced, exceptions too. */
  @Property(tries = 3000)
  void the_short_form_read_by_hand_agrees_with_the_pattern(@ForAll("durationLike") String text) {
    Object byHand;
    Object byPattern;
    try {
      byHand = Durations.parseShortByHand(text);
    } catch (RuntimeException e) {
      byHand = e.getClass();
    }
    try {
      byPattern = Durations.parseShortByPattern(text);
    } catch (RuntimeException e) {
      byPattern = e.getClass();
    }
    assertThat(byHand).as("'%s'", text).isEqualTo(byPattern);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> durationLike() {
    net.jqwik.api.Arbitrary<String> random =
        net.jqwik.api.Arbitraries.strings()
            .withChars("0123456789 \t\n\u000B\f\rsmhdwxPTH.-\u0663")
            .ofMaxLength(8);
    net.jqwik.api.Arbitrary<String> shaped =
        net.jqwik.api.Combinators.combine(
                net.jqwik.api.Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(21),
                net.jqwik.api.Arbitraries.of("", " ", "  ", "\t", "\u00A0"),
                net.jqwik.api.Arbitraries.of("s", "m", "h", "d", "w", "x", "", "H", "hh"))
            .as((n, sp, u) -> n + sp + u);
    return net.jqwik.api.Arbitraries.oneOf(random, shaped);
  }
}
