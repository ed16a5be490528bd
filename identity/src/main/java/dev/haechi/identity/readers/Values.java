package dev.haechi.identity.readers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Parses the scalar values identity inputs use. Each method returns null for text it cannot read,
 * so a reader can name the file, line and column in its own error.
 */
final class Values {
  private Values() {}

  /** ISO-8601 date, or the date part of a date-time. */
  static LocalDate date(String text) {
    if (text.length() == 10) {
      LocalDate d = fastDate(text);
      if (d != null) {
        return d;
      }
    }
    Instant i = instant(text);
    return i == null ? null : LocalDate.ofInstant(i, ZoneOffset.UTC);
  }

  /**
   * ISO-8601 instant: {@code 2024-11-30T09:00:00+09:00}, {@code …Z}, a local date-time (taken as
   * UTC), or a bare date (its start, UTC).
   *
   * <p>Design note: the common shapes are parsed by hand, because {@code java.time} parsers cost
   * microseconds and throw on every shape they do not take, and a million-row export has millions
   * of timestamps; anything unusual falls back to {@code java.time}.
   */
  static Instant instant(String text) {
    Instant fast = fastInstant(text);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // fall through to the other forms
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** {@code YYYY-MM-DD}, or null when the text is not exactly that (or not a real date). */
  private static LocalDate fastDate(CharSequence t) {
    if (t.length() != 10 || t.charAt(4) != '-' || t.charAt(7) != '-') {
      return null;
    }
    int y = digits(t, 0, 4);
    int m = digits(t, 5, 2);
    int d = digits(t, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
      return null;
    }
    if (d > 28 && d > java.time.YearMonth.of(y, m).lengthOfMonth()) {
      return null;
    }
    return LocalDate.of(y, m, d);
  }

  /**
   * {@code YYYY-MM-DD}, or that followed by {@code THH:MM:SS}, an optional fraction of up to nine
   * digits, and {@code Z} or {@code ±HH:MM}; null for any other shape (the caller falls back).
   */
  static Instant fastInstant(CharSequence t) {
    long epochDay = t.length() >= 10 ? epochDay(t) : NO_DAY;
    if (epochDay == NO_DAY) {
      return null;
    }
    long day = epochDay * 86_400L;
    if (t.length() == 10) {
      return Instant.ofEpochSecond(day);
    }
    if (t.length() < 20 || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    int hh = digits(t, 11, 2);
    int mm = digits(t, 14, 2);
    int ss = digits(t, 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      int n = i - start;
      if (n == 0 || n > 9) {
        return null;
      }
      nanos = digits(t, start, n);
      for (int k = n; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offset;
    int rest = t.length() - i;
    if (rest == 1 && t.charAt(i) == 'Z') {
      offset = 0;
    } else if (rest == 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return null;
      }
      offset = (oh * 3600 + om * 60) * (t.charAt(i) == '-' ? -1 : 1);
    } else {
      return null;
    }
    return Instant.ofEpochSecond(day + hh * 3600L + mm * 60L + ss - offset, nanos);
  }

  private static final long NO_DAY = Long.MIN_VALUE;

  /**
   * The epoch day of the {@code YYYY-MM-DD} that {@code t} starts with, or {@link #NO_DAY} when its
   * first ten characters are not exactly that or not a real date: what {@code
   * fastDate(t.subSequence(0, 10)).toEpochDay()} gives, by arithmetic (no {@code LocalDate}, no
   * sub-sequence), as {@link LocalDate#toEpochDay} computes it.
   */
  private static long epochDay(CharSequence t) {
    if (t.charAt(4) != '-' || t.charAt(7) != '-') {
      return NO_DAY;
    }
    return epochDay(digits(t, 0, 4), digits(t, 5, 2), digits(t, 8, 2));
  }

  /** {@link #epochDay(CharSequence)} of the parts (each -1 when not all digits). */
  private static long epochDay(int y, int m, int d) {
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) {
      return NO_DAY;
    }
    boolean leap = (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0);
    int length = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
    if (d > length) {
      return NO_DAY;
    }
    long total = 365L * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * m - 362) / 12;
    total += d - 1;
    if (m > 2) {
      total--;
      if (!leap) {
        total--;
      }
    }
    return total - DAYS_0000_TO_1970;
  }

  /** What {@link #fastSeconds} gives for any text but its one shape. */
  static final long NO_SECONDS = Long.MIN_VALUE;

  /**
   * The epoch seconds of {@code b[from, to)} when it is exactly {@code YYYY-MM-DDTHH:MM:SSZ} (ASCII
   * digits, a real date and time), else {@link #NO_SECONDS} (the caller falls back to {@link
   * #fastInstant}): for that one shape, {@code fastInstant} of the same text gives this many
   * seconds and no nanoseconds. Straight from the bytes, for the millions of such timestamps in
   * account exports and audit logs. {@code ValuesInstantTest} checks both agree.
   */
  static long fastSeconds(byte[] b, int from, int to) {
    if (to - from != 20
        || b[from + 4] != '-'
        || b[from + 7] != '-'
        || b[from + 10] != 'T'
        || b[from + 13] != ':'
        || b[from + 16] != ':'
        || b[from + 19] != 'Z') {
      return NO_SECONDS;
    }
    long day = epochDay(digits(b, from, 4), digits(b, from + 5, 2), digits(b, from + 8, 2));
    int hh = digits(b, from + 11, 2);
    int mm = digits(b, from + 14, 2);
    int ss = digits(b, from + 17, 2);
    if (day == NO_DAY || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
      return NO_SECONDS;
    }
    return day * 86_400L + hh * 3600L + mm * 60L + ss;
  }

  private static int digits(byte[] b, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      int c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Days from 0000-01-01 to 1970-01-01, as {@link LocalDate#toEpochDay} counts them. */
  private static final long DAYS_0000_TO_1970 = (146_097L * 5L) - (30L * 365L + 7L);

  /**
   * The previous {@link #fastInstant}, through {@code LocalDate}: kept as the reference {@code
   * ValuesInstantTest} compares the arithmetic one with.
   */
  static Instant fastInstantReference(CharSequence t) {
    LocalDate date = t.length() >= 10 ? fastDate(t.subSequence(0, 10)) : null;
    if (date == null) {
      return null;
    }
    long day = date.toEpochDay() * 86_400L;
    if (t.length() == 10) {
      return Instant.ofEpochSecond(day);
    }
    if (t.length() < 20 || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
      return null;
    }
    int hh = digits(t, 11, 2);
    int mm = digits(t, 14, 2);
    int ss = digits(t, 17, 2);
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      int n = i - start;
      if (n == 0 || n > 9) {
        return null;
      }
      nanos = digits(t, start, n);
      for (int k = n; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offset;
    int rest = t.length() - i;
    if (rest == 1 && t.charAt(i) == 'Z') {
      offset = 0;
    } else if (rest == 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
      int oh = digits(t, i + 1, 2);
      int om = digits(t, i + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return null;
      }
      offset = (oh * 3600 + om * 60) * (t.charAt(i) == '-' ? -1 : 1);
    } else {
      return null;
    }
    return Instant.ofEpochSecond(day + hh * 3600L + mm * 60L + ss - offset, nanos);
  }

  /** The decimal number in {@code t[from, from+n)}, or -1 when any character is not a digit. */
  private static int digits(CharSequence t, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code true}/{@code false} (also yes/no, 1/0), case-insensitive; null otherwise. */
  static Boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }
}
