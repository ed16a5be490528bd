package dev.haechi.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way FORMATS.md writes them: {@code 30s}, {@code 15m}, {@code 4h},
 * {@code 7d}, a bare {@code 0}, or ISO-8601 ({@code PT4H}).
 */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhdw])");

  private Durations() {}

  /**
   * Parses one duration.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "' (expected e.g. 30s, 15m, 4h, 7d or PT4H)");
    }
  }

  /** Formats a duration in the shortest exact short form: {@code 90m} becomes {@code 90m}. */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s == 0) {
      return "0";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
