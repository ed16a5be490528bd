package dev.haechi.detection.identity;

import dev.haechi.detection.engine.EventTime;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Event time in epoch milliseconds without {@code java.time} parsing for the common ECS shape
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}; anything else falls back to {@link
 * EventTime#instant}, which this agrees with (a property test checks it). Used on every event by
 * the disclosure baseline, where {@code OffsetDateTime.parse} cost more than the rest of the work.
 */
final class IsoMillis {
  /** Returned when the event has no readable time. */
  static final long NONE = Long.MIN_VALUE;

  private IsoMillis() {}

  static long of(JsonNode root) {
    JsonNode t = root.get("@timestamp");
    if (t != null && t.isString()) {
      long fast = parse(t.asString());
      if (fast != NONE) {
        return fast;
      }
    }
    Instant slow = EventTime.instant(root);
    return slow == null ? NONE : slow.toEpochMilli();
  }

  /** The millis of {@code s} in the common shape, or {@link #NONE} for any other text. */
  static long parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NONE;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
      return NONE;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NONE;
    }
    int i = 19;
    int millis = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && Character.isDigit(s.charAt(i))) {
        if (i - start < 3) {
          millis = millis * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return NONE;
      }
      for (int k = len; k < 3; k++) {
        millis *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 18 || om < 0 || om > 59) {
        return NONE;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return NONE;
    }
    long days = epochDay(year, month, day);
    long secs = days * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    return secs * 1000L + millis;
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
    if (y >= 0) {
      total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    } else {
      total -= y / -4 - y / -100 + y / -400;
    }
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
}
