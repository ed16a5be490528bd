package dev.haechi.identity.readers;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The number and time syntaxes directories use for account state. Each method throws {@link
 * IllegalArgumentException} with a message that names the attribute and the value, for the caller
 * to wrap with the entry's DN or line. Shared by the LDIF reader and the live LDAP connector
 * through {@link DirectoryMapping}.
 */
public final class DirectoryTimes {
  /** Seconds from 1601-01-01T00:00Z (the FILETIME epoch) to 1970-01-01T00:00Z. */
  private static final long FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600L;

  private DirectoryTimes() {}

  public static long number(String v, String attr) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(attr + " '" + v.trim() + "' is not a number");
    }
  }

  /**
   * A Windows FILETIME (100 ns ticks since 1601-01-01 UTC, MS-DTYP §2.3.3); null for 0 and 2^63-1,
   * which Active Directory uses for "never".
   */
  public static Instant fileTime(String v, String attr) {
    long ticks = number(v, attr);
    if (ticks == 0 || ticks == Long.MAX_VALUE) {
      return null;
    }
    if (ticks < 0) {
      throw new IllegalArgumentException(attr + " '" + v.trim() + "' is negative");
    }
    return Instant.ofEpochSecond(
        ticks / 10_000_000L - FILETIME_EPOCH_OFFSET_SECONDS, (ticks % 10_000_000L) * 100);
  }

  /**
   * An LDAP GeneralizedTime (RFC 4517 §3.3.13), e.g. {@code 20241215093000.0Z} or {@code …+0900}.
   */
  public static Instant generalizedTime(String v, String attr) {
    String t = v.trim();
    try {
      if (t.length() < 14) {
        throw new NumberFormatException();
      }
      int year = Integer.parseInt(t.substring(0, 4));
      int month = Integer.parseInt(t.substring(4, 6));
      int day = Integer.parseInt(t.substring(6, 8));
      int hour = Integer.parseInt(t.substring(8, 10));
      int minute = Integer.parseInt(t.substring(10, 12));
      int second = Integer.parseInt(t.substring(12, 14));
      int i = 14;
      int nanos = 0;
      if (i < t.length() && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
        int j = i + 1;
        while (j < t.length() && Character.isDigit(t.charAt(j))) {
          j++;
        }
        nanos = Integer.parseInt((t.substring(i + 1, j) + "000000000").substring(0, 9));
        i = j;
      }
      ZoneOffset zone;
      String rest = t.substring(i);
      if (rest.equals("Z")) {
        zone = ZoneOffset.UTC;
      } else if (rest.length() == 5 && (rest.charAt(0) == '+' || rest.charAt(0) == '-')) {
        zone = ZoneOffset.of(rest.substring(0, 3) + ":" + rest.substring(3));
      } else {
        throw new NumberFormatException();
      }
      return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, zone).toInstant();
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(
          attr + " '" + t + "' is not a GeneralizedTime (e.g. 20241215093000Z)");
    }
  }
}
