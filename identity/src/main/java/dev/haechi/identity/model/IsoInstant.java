package dev.haechi.identity.model;

import java.time.Instant;

/**
 * Writes an instant as {@link Instant#toString} does ({@code 2024-06-10T08:00:00Z}, a fraction of
 * 3, 6 or 9 digits when there is one), into a builder, without the formatter.
 *
 * <p>Design note: the evidence of a leaver's custody quotes up to a hundred Vault lines per person,
 * each with its time; {@code Instant.toString} goes through {@code DateTimeFormatter} (a {@code
 * LocalDateTime} and several builders per call) and was most of the cost of writing them. Years
 * 0000–9999 are written here by arithmetic; any other instant goes to {@code Instant.toString}
 * itself. {@code IsoInstantTest} checks both agree on random instants.
 */
public final class IsoInstant {
  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z in epoch seconds. */
  private static final long MIN = -62_167_219_200L;

  private static final long MAX = 253_402_300_799L;

  private IsoInstant() {}

  /** The instant as {@link Instant#toString} writes it. */
  public static String toString(Instant t) {
    return append(new StringBuilder(30), t).toString();
  }

  /** Appends the instant as {@link Instant#toString} writes it; returns {@code sb}. */
  public static StringBuilder append(StringBuilder sb, Instant t) {
    long s = t.getEpochSecond();
    if (s < MIN || s > MAX) {
      return sb.append(t);
    }
    long day = Math.floorDiv(s, 86_400L);
    int secOfDay = (int) (s - day * 86_400L);
    // Days to civil date (H. Hinnant's algorithm, proleptic Gregorian).
    long z = day + 719_468L;
    long era = Math.floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
    digits(sb, y, 4).append('-');
    digits(sb, m, 2).append('-');
    digits(sb, d, 2).append('T');
    digits(sb, secOfDay / 3600, 2).append(':');
    digits(sb, secOfDay / 60 % 60, 2).append(':');
    digits(sb, secOfDay % 60, 2);
    int nano = t.getNano();
    if (nano > 0) {
      sb.append('.');
      if (nano % 1_000_000 == 0) {
        digits(sb, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        digits(sb, nano / 1000, 6);
      } else {
        digits(sb, nano, 9);
      }
    }
    return sb.append('Z');
  }

  private static StringBuilder digits(StringBuilder sb, int v, int width) {
    int p = 1;
    for (int k = 1; k < width; k++) {
      p *= 10;
    }
    for (; p > 0; p /= 10) {
      sb.append((char) ('0' + v / p % 10));
    }
    return sb;
  }
}
