package dev.haechi.detection.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * Reads an event's time: ECS {@code @timestamp}, evtx_dump's {@code
 * Event.System.TimeCreated.#attributes.SystemTime}, or a top-level {@code timestamp}. ISO-8601 text
 * (offset-less taken as UTC, a space allowed for the {@code T}), or epoch time as a JSON number or
 * numeric text, whose unit is told by its magnitude (documented in the detection README): below
 * 10^11 seconds (up to the year 5138; fractions allowed), below 10^14 milliseconds, below 10^17
 * microseconds, else nanoseconds. No real event time is ambiguous under this rule: 10^11 ms is
 * March 1973, 10^11 s the year 5138.
 */
public final class EventTime {
  private EventTime() {}

  /** The time as written (epoch times as ISO-8601 instants), or null. */
  public static String text(JsonNode root) {
    String s = written(root);
    if (s != null && isNumeric(s)) {
      Instant epoch = epoch(s);
      if (epoch != null) {
        return epoch.toString();
      }
    }
    return s;
  }

  /** Digits with at most one point and an optional leading minus (no exception on ISO text). */
  private static boolean isNumeric(String s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    if (i == n) {
      return false;
    }
    boolean point = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == '.' && !point) {
        point = true;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String written(JsonNode root) {
    JsonNode t = root.get("@timestamp");
    if (t == null) {
      JsonNode e = root.get("Event");
      if (e != null) {
        t = e.path("System").path("TimeCreated").path("#attributes").get("SystemTime");
      }
    }
    if (t == null) {
      t = root.get("timestamp");
    }
    if (t == null || t.isNull() || t.isContainer()) {
      return null;
    }
    // a JSON number as plain digits (Jackson writes doubles such as 1719198765.123 as 1.7…E9)
    return t.isNumber() ? t.decimalValue().toPlainString() : t.asString();
  }

  /**
   * The time as an instant (offset-less times are taken as UTC), or null if absent or unreadable.
   */
  public static Instant instant(JsonNode root) {
    String s = written(root);
    if (s == null) {
      return null;
    }
    Instant fast = iso(s);
    return fast != null ? fast : parse(s);
  }

  /** The reference reader of {@link #instant}: {@code java.time} parsing only (kept as oracle). */
  static Instant instantReference(JsonNode root) {
    String s = written(root);
    return s == null ? null : parse(s);
  }

  /** Returned by {@link #isoEpochSecond} and {@link #isoEpochMilli} for text of another shape. */
  public static final long NOT_ISO = Long.MIN_VALUE;

  /**
   * The instant of {@code s} when it has the common shape {@code
   * yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:MM)} (one to nine fraction digits), else null: the caller then
   * parses with {@code java.time}. Same result as {@code OffsetDateTime.parse(s).toInstant()} on
   * every text it accepts (a randomised test compares them), without the formatter's per-call
   * objects.
   */
  static Instant iso(String s) {
    long seconds = isoEpochSecond(s);
    return seconds == NOT_ISO ? null : Instant.ofEpochSecond(seconds, isoNano(s));
  }

  /**
   * As {@link #iso}, in epoch milliseconds (the fraction truncated, as {@link Instant#toEpochMilli}
   * does), allocating nothing; {@link #NOT_ISO} for text of another shape. The disclosure baseline
   * reads every event's time this way.
   */
  public static long isoEpochMilli(String s) {
    long seconds = isoEpochSecond(s);
    return seconds == NOT_ISO ? NOT_ISO : seconds * 1000L + isoNano(s) / 1_000_000;
  }

  /**
   * The one reader of the common shape: the epoch second of {@code s}, or {@link #NOT_ISO}. Digits
   * are ASCII only ({@code java.time}'s standard decimal style; {@link Character#isDigit} would
   * take other scripts' digits and read them wrongly).
   */
  static long isoEpochSecond(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NOT_ISO;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return NOT_ISO;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_ISO;
    }
    int i = 19;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return NOT_ISO;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0 || om > 59 || oh > 18 || (oh == 18 && om > 0)) {
        return NOT_ISO;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return NOT_ISO;
    }
    return epochDay(year, month, day) * 86_400L
        + hour * 3600L
        + minute * 60L
        + second
        - offsetSeconds;
  }

  /** The fraction of a second of text {@link #isoEpochSecond} accepted, in nanoseconds. */
  private static int isoNano(String s) {
    if (s.charAt(19) != '.') {
      return 0;
    }
    int nanos = 0;
    int i = 20;
    for (; s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
      nanos = nanos * 10 + (s.charAt(i) - '0');
    }
    for (int k = i - 20; k < 9; k++) {
      nanos *= 10;
    }
    return nanos;
  }

  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static int daysIn(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 (the algorithm of {@code LocalDate.toEpochDay}). */
  private static long epochDay(long y, int m, int d) {
    long total = 365 * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * m - 362) / 12;
    total += d - 1;
    if (m > 2) {
      total--;
      if (!(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
        total--;
      }
    }
    return total - 719_528L;
  }

  private static Instant parse(String s) {
    String iso =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    return epoch(s);
  }

  /** Epoch time in seconds, milliseconds, microseconds or nanoseconds, told by magnitude. */
  static Instant epoch(String s) {
    if (!isNumeric(s.trim())) {
      return null;
    }
    java.math.BigDecimal x;
    try {
      x = new java.math.BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    java.math.BigDecimal abs = x.abs();
    int scaleToNanos;
    if (abs.compareTo(java.math.BigDecimal.valueOf(100_000_000_000L)) < 0) {
      scaleToNanos = 9; // seconds
    } else if (abs.compareTo(java.math.BigDecimal.valueOf(100_000_000_000_000L)) < 0) {
      scaleToNanos = 6; // milliseconds
    } else if (abs.compareTo(java.math.BigDecimal.valueOf(100_000_000_000_000_000L)) < 0) {
      scaleToNanos = 3; // microseconds
    } else {
      scaleToNanos = 0; // nanoseconds
    }
    try {
      java.math.BigInteger nanos = x.movePointRight(scaleToNanos).toBigInteger();
      java.math.BigInteger[] qr =
          nanos.divideAndRemainder(java.math.BigInteger.valueOf(1_000_000_000L));
      return Instant.ofEpochSecond(qr[0].longValueExact(), qr[1].longValue());
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return null;
    }
  }
}
