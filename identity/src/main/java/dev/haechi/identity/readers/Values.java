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
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      Instant i = instant(text);
      return i == null ? null : LocalDate.ofInstant(i, ZoneOffset.UTC);
    }
  }

  /**
   * ISO-8601 instant: {@code 2024-11-30T09:00:00+09:00}, {@code …Z}, a local date-time (taken as
   * UTC), or a bare date (its start, UTC).
   */
  static Instant instant(String text) {
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

  /** {@code true}/{@code false} (also yes/no, 1/0), case-insensitive; null otherwise. */
  static Boolean bool(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }
}
