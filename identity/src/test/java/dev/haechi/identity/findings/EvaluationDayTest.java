package dev.haechi.identity.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The day of an instant is computed by arithmetic; it must be the JDK's UTC day exactly. */
class EvaluationDayTest {

  @Property(tries = 2000)
  void day_of_an_instant_is_the_utc_calendar_day(
      @ForAll @LongRange(min = -62_000_000_000L, max = 253_000_000_000L) long seconds,
      @ForAll @LongRange(min = 0, max = 999_999_999L) long nanos) {
    Instant at = Instant.ofEpochSecond(seconds, nanos);

    assertThat(Evaluation.dayOf(at)).isEqualTo(LocalDate.ofInstant(at, ZoneOffset.UTC));
  }
}
