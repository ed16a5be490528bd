package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The arithmetic {@link Values#fastInstant} (epoch day computed by hand) answers exactly what the
 * previous one, through {@code LocalDate}, answers ({@link Values#fastInstantReference}): on random
 * timestamps near every month and year edge (leap days, day 31 of short months, years 0000 and
 * 9999, centuries), with fractions and offsets, and on corrupted ones.
 */
class ValuesInstantTest {

  @Property(tries = 200)
  void arithmetic_epoch_day_agrees_with_local_date(@ForAll long seed) {
    Random random = new Random(seed);
    for (int k = 0; k < 500; k++) {
      String t = timestamp(random);
      Instant fast = Values.fastInstant(t);
      Instant reference = Values.fastInstantReference(t);
      assertThat(fast).as(t).isEqualTo(reference);
    }
  }

  /**
   * {@link Values#fastSeconds} (straight from the bytes, one shape) answers what {@code
   * fastInstant} answers for that shape, and declines everything else; padded or non-ASCII bytes
   * around it are not looked at.
   */
  @Property(tries = 200)
  void seconds_from_bytes_agree_with_fast_instant(@ForAll long seed) {
    Random random = new Random(seed);
    for (int k = 0; k < 500; k++) {
      String t = timestamp(random);
      if (random.nextInt(10) == 0) {
        t = t.replace('0', '\u0660'); // an Arabic-Indic zero: a digit to Java, not to a timestamp
      }
      byte[] text = t.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      byte[] b = new byte[text.length + 4];
      java.util.Arrays.fill(b, (byte) '9');
      System.arraycopy(text, 0, b, 2, text.length);
      long seconds = Values.fastSeconds(b, 2, 2 + text.length);
      Instant fast = Values.fastInstant(t);
      boolean shape = t.length() == 20 && t.charAt(19) == 'Z' && t.charAt(10) == 'T';
      if (fast != null && shape) {
        assertThat(seconds).as(t).isEqualTo(fast.getEpochSecond());
        assertThat(fast.getNano()).isZero();
      } else {
        assertThat(seconds).as(t).isEqualTo(Values.NO_SECONDS);
      }
    }
  }

  @Example
  void leap_days_and_month_ends() {
    assertThat(Values.fastInstant("2024-02-29T00:00:00Z"))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(Values.fastInstant("2023-02-29T00:00:00Z")).isNull();
    assertThat(Values.fastInstant("1900-02-29")).isNull();
    assertThat(Values.fastInstant("2000-02-29")).isEqualTo(Instant.parse("2000-02-29T00:00:00Z"));
    assertThat(Values.fastInstant("2025-04-31T08:00:00Z")).isNull();
    assertThat(Values.fastInstant("1969-12-31T23:59:59.5Z"))
        .isEqualTo(Instant.parse("1969-12-31T23:59:59.500Z"));
    assertThat(Values.fastInstant("0000-03-01T00:00:00Z"))
        .isEqualTo(Values.fastInstantReference("0000-03-01T00:00:00Z"));
  }

  private static String timestamp(Random r) {
    int[] years = {0, 1, 4, 99, 100, 400, 1582, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 9999};
    int y = r.nextBoolean() ? years[r.nextInt(years.length)] : r.nextInt(10_000);
    int m = r.nextInt(15);
    int d = r.nextInt(34);
    StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d", y, m, d));
    if (r.nextInt(4) > 0) {
      sb.append(String.format("T%02d:%02d:%02d", r.nextInt(25), r.nextInt(61), r.nextInt(61)));
      if (r.nextInt(3) == 0) {
        sb.append('.').append(String.format("%09d", r.nextInt(1_000_000_000)), 0, 1 + r.nextInt(9));
      }
      switch (r.nextInt(4)) {
        case 0 -> sb.append('Z');
        case 1 -> sb.append(String.format("+%02d:%02d", r.nextInt(20), r.nextInt(61)));
        case 2 -> sb.append(String.format("-%02d:%02d", r.nextInt(20), r.nextInt(61)));
        default -> {
          // no zone
        }
      }
    }
    if (r.nextInt(8) == 0) {
      // corrupt one character
      int at = r.nextInt(sb.length());
      sb.setCharAt(at, "x-:T0 9".charAt(r.nextInt(7)));
    }
    if (r.nextInt(16) == 0) {
      sb.setLength(r.nextInt(sb.length() + 1));
    }
    return sb.toString();
  }
}
