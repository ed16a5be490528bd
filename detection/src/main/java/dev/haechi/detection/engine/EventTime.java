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
