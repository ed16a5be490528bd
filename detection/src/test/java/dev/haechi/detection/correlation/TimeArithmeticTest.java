package dev.haechi.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The correlation engine's subtraction of two durations from a time as seconds and nanoseconds,
 * against {@code Instant.minus}: any nanosecond parts, so that none, one or two seconds are
 * borrowed.
 */
class TimeArithmeticTest {
  @Property(tries = 2000)
  void seconds_and_nanos_are_those_of_instant_minus(@ForAll long seed) {
    Random rnd = new Random(seed);
    Instant t =
        Instant.ofEpochSecond(rnd.nextLong(-(1L << 40), 1L << 40), rnd.nextInt(1_000_000_000));
    Duration a = Duration.ofSeconds(rnd.nextInt(100_000), rnd.nextInt(1_000_000_000));
    Duration b =
        rnd.nextBoolean()
            ? Duration.ZERO
            : Duration.ofSeconds(rnd.nextInt(100_000), rnd.nextInt(1_000_000_000));
    Instant expected = t.minus(a).minus(b);
    assertThat(CorrelationEngine.secondsMinus(t, a, b))
        .as("%s - %s - %s", t, a, b)
        .isEqualTo(expected.getEpochSecond());
    assertThat(CorrelationEngine.nanosMinus(t, a, b))
        .as("%s - %s - %s", t, a, b)
        .isEqualTo(expected.getNano());
  }
}
