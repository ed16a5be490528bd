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
    Duration d = shortForm(t);
    if (d != null) {
      return d;
    }
    try {
      return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "' (expected e.g. 30s, 15m, 4h, 7d or PT4H)");
    }
  }

  /**
   * The short form {@code (\d+)\s*([smhdw])} read by hand (catalogs hold hundreds of thousands of
   * durations; a regular-expression match each showed in the load profile), or null when {@code t}
   * is not in it. {@link #parseShortByPattern} is the reference it is tested against.
   */
  private static Duration shortForm(String t) {
    int len = t.length();
    int k = 0;
    while (k < len && t.charAt(k) >= '0' && t.charAt(k) <= '9') {
      k++;
    }
    if (k == 0 || k == len) {
      return null;
    }
    int digits = k;
    while (k < len - 1 && isRegexSpace(t.charAt(k))) {
      k++;
    }
    if (k != len - 1 || "smhdw".indexOf(t.charAt(k)) < 0) {
      return null; // (the unit first: a number too long for a long is no match without one)
    }
    return unit(Long.parseLong(t, 0, digits, 10), t.charAt(k));
  }

  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static Duration unit(long n, char unit) {
    return switch (unit) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      case 'w' -> Duration.ofDays(7 * n);
      default -> null;
    };
  }

  /** The short form read with the regular expression: the reference for {@link #shortForm}. */
  static Duration parseShortByPattern(String t) {
    Matcher m = SHORT.matcher(t);
    if (!m.matches()) {
      return null;
    }
    return unit(Long.parseLong(m.group(1)), m.group(2).charAt(0));
  }

  /** {@link #shortForm}, for the agreement test. */
  static Duration parseShortByHand(String t) {
    return shortForm(t);
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
