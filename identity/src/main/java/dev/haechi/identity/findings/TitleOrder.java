package dev.haechi.identity.findings;

import java.time.Instant;

/**
 * The titles of one bucket of findings, each kept as the pieces it is joined from ({@code width}
 * pieces per title, in one flat array) instead of as one string, and compared exactly as {@link
 * String#compareTo} compares the joined titles.
 *
 * <p>Design note: ordering ~630,000 dormant-account findings by title made every title (about a
 * hundred characters from a dozen parts, the day written out) only to compare it and drop it; that
 * was the largest single cost of the reconciliation. A title's pieces are references to strings
 * that exist anyway (the system, the owner's names, the fixed words) plus its label and a day text
 * shared by every title of that day. {@link #compare} walks both titles' pieces side by side: a
 * piece that is the same string object at the same place in both is skipped whole, two pieces of
 * equal length starting at the same place are compared with {@link String#compareTo}, and anything
 * else (pieces of different lengths, places that no longer line up) character by character. It
 * never assumes that the order of the parts is the order of the titles (a label that is a prefix of
 * another is compared with what follows it), so it gives the sign {@code compareTo} of the joined
 * strings gives; {@code TitleOrderTest} checks it on random pieces built to collide.
 */
final class TitleOrder {
  private final int width;
  private final String[] pieces;

  /** Room for {@code size} titles of {@code width} pieces each. */
  TitleOrder(int size, int width) {
    this.width = width;
    this.pieces = new String[Math.multiplyExact(size, width)];
  }

  int width() {
    return width;
  }

  /** The flat array the titles' pieces are written into: title {@code j} from {@code j * width}. */
  String[] pieces() {
    return pieces;
  }

  /** Title {@code j} as one string (tests, messages). */
  String title(int j) {
    StringBuilder sb = new StringBuilder();
    for (int k = j * width; k < (j + 1) * width; k++) {
      sb.append(pieces[k]);
    }
    return sb.toString();
  }

  /**
   * Negative, zero or positive as title {@code x} is before, equal to or after title {@code y} in
   * {@link String#compareTo} order of the joined titles.
   */
  int compare(int x, int y) {
    String[] p = pieces;
    int ax = x * width;
    int ay = y * width;
    int ex = ax + width;
    int ey = ay + width;
    int ox = 0;
    int oy = 0;
    while (true) {
      while (ax < ex && ox == p[ax].length()) {
        ax++;
        ox = 0;
      }
      while (ay < ey && oy == p[ay].length()) {
        ay++;
        oy = 0;
      }
      if (ax == ex) {
        return ay == ey ? 0 : -1;
      }
      if (ay == ey) {
        return 1;
      }
      String a = p[ax];
      String b = p[ay];
      if (ox == 0 && oy == 0) {
        if (a == b) {
          ax++;
          ay++;
          continue;
        }
        if (a.length() == b.length()) {
          int c = a.compareTo(b);
          if (c != 0) {
            return c;
          }
          ax++;
          ay++;
          continue;
        }
      }
      int n = Math.min(a.length() - ox, b.length() - oy);
      for (int k = 0; k < n; k++) {
        char ca = a.charAt(ox + k);
        char cb = b.charAt(oy + k);
        if (ca != cb) {
          return ca - cb;
        }
      }
      ox += n;
      oy += n;
    }
  }

  /**
   * The text of a calendar day (UTC) as a title writes it ({@code Evidence.day(i).toString()}), one
   * string per day: a small cache of the days last asked for, for one thread.
   */
  static final class DayTexts {
    private static final int SIZE = 1 << 12;
    private final long[] days = new long[SIZE];
    private final String[] texts = new String[SIZE];

    String text(Instant at) {
      long day = Math.floorDiv(at.getEpochSecond(), 86_400L);
      int k = (int) (day & (SIZE - 1));
      String t = texts[k];
      if (t != null && days[k] == day) {
        return t;
      }
      t = Evidence.day(at).toString();
      texts[k] = t;
      days[k] = day;
      return t;
    }
  }
}
