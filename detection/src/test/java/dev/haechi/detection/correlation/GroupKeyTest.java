package dev.haechi.detection.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupKey#equals} (which compares the first two values from fields, not the array) against
 * {@link Arrays#equals} of the values, on random keys of 0–3 values drawn from strings whose hashes
 * collide ({@code "Aa"} and {@code "BB"} hash alike, and so do their concatenations), so that equal
 * hashes with different values, in any position, are common: the engine's random streams almost
 * never make two keys with one hash, so they cannot catch a comparison that skips a value.
 */
class GroupKeyTest {
  private static final String[] COLLIDING = {"AaAa", "AaBB", "BBAa", "BBBB", "Aa", "BB", "x"};

  @Test
  void equal_exactly_when_the_values_are_equal_in_order() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String[] a = randomValues(random);
      String[] b = random.nextInt(4) == 0 ? copy(a) : randomValues(random);
      GroupKey ka = new GroupKey(a);
      GroupKey kb = new GroupKey(copy(b));
      boolean expected = Arrays.equals(a, b);
      assertThat(ka.equals(kb)).as("%s vs %s", ka, kb).isEqualTo(expected);
      assertThat(kb.equals(ka)).isEqualTo(expected);
      if (expected) {
        assertThat(ka.hashCode()).isEqualTo(kb.hashCode());
      }
      assertThat(ka.with("x").equals(kb.with("x"))).isEqualTo(expected);
    }
  }

  private static String[] randomValues(Random random) {
    String[] v = new String[random.nextInt(4)];
    for (int i = 0; i < v.length; i++) {
      v[i] = COLLIDING[random.nextInt(COLLIDING.length)];
    }
    return v;
  }

  /** Fresh string objects, so that equality cannot rest on identity. */
  private static String[] copy(String[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new String(values[i].toCharArray());
    }
    return out;
  }
}
