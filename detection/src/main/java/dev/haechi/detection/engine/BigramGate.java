package dev.haechi.detection.engine;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * A cheap necessary test in front of a {@link TextScanner}: each string is represented by one pair
 * of adjacent characters it contains (its rarest by a fixed ranking of how common characters are in
 * log values: digits and {@code . - : /} (times, addresses, paths), then letters by their frequency
 * in English with {@code _} among them, other punctuation rarest; the first pair wins a tie; so
 * {@code ={{} is represented by {@code ={} and {@code union select} by {@code " s"}), and a text is
 * handed to the scanner only if one of those pairs occurs in it (read case-folded). A text without
 * any of them cannot contain any of the strings, so the scanner's work per character (an automaton
 * step, or the hashed window probes) is spent only on the few texts that pass. Worth it where most
 * texts pass no pair: the keyword literals of the SigmaHQ web rules ({@code ={{}, {@code
 * %27union}, {@code ${jndi:}) against gateway values (times, addresses, paths, identifiers). The
 * pairs are kept in a bitmap of 128 × 128 bits (2 KB) indexed by the two characters' ASCII codes.
 * Immutable and thread-safe.
 */
final class BigramGate implements TextScanner {
  /** Characters from most to least common in event values; any other ASCII character ranks last. */
  private static final String COMMON = "0123456789.-:/etaoinsrlcdhumpgfywbvk_xjqz";

  private final long[] pairs = new long[128 * 128 / 64];
  private final TextScanner inner;

  private BigramGate(TextScanner inner) {
    this.inner = inner;
  }

  /**
   * {@code inner} (built from {@code patterns}) behind a gate, or {@code inner} itself when some
   * pattern has no pair of ASCII characters to represent it.
   */
  static TextScanner of(List<String> patterns, TextScanner inner) {
    BigramGate gate = new BigramGate(inner);
    for (String p : patterns) {
      int best = -1;
      int bestRank = -1;
      for (int i = 0; i + 1 < p.length(); i++) {
        char a = p.charAt(i);
        char b = p.charAt(i + 1);
        if (a < 128 && b < 128) {
          int rank = rank(fold(a)) + rank(fold(b));
          if (rank > bestRank) {
            bestRank = rank;
            best = (fold(a) << 7) | fold(b);
          }
        }
      }
      if (best < 0) {
        return inner;
      }
      // the pair in every case, so that a scan compares the text's characters as written
      char a = (char) (best >>> 7);
      char b = (char) (best & 0x7F);
      for (char x : new char[] {a, upper(a)}) {
        for (char y : new char[] {b, upper(b)}) {
          int pair = (x << 7) | y;
          gate.pairs[pair >>> 6] |= 1L << pair;
        }
      }
    }
    return gate;
  }

  private static int rank(char c) {
    int i = COMMON.indexOf(c);
    return i < 0 ? COMMON.length() : i;
  }

  private static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
  }

  private static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * Whether {@code text} may contain one of the strings: it has a pair of the gate (in any case),
   * or a character outside ASCII (whose fold the gate does not model).
   */
  boolean passes(String text) {
    int n = text.length();
    if (n < 2) {
      return n == 1 && text.charAt(0) >= 128;
    }
    int prev = text.charAt(0);
    if (prev >= 128) {
      return true;
    }
    long[] p = pairs;
    for (int i = 1; i < n; i++) {
      int c = text.charAt(i);
      if (c >= 128) {
        return true;
      }
      int pair = (prev << 7) | c;
      if ((p[pair >>> 6] & (1L << pair)) != 0) {
        return true;
      }
      prev = c;
    }
    return false;
  }

  @Override
  public void scan(String text, IntConsumer hit) {
    if (passes(text)) {
      inner.scan(text, hit);
    }
  }

  @Override
  public boolean scanAscii(String text, IntConsumer hit) {
    return !passes(text) || inner.scanAscii(text, hit);
  }

  /** The inner scanner's own test first (cheaper: {@code indexOf}), then the pairs. */
  @Override
  public boolean mayOccur(String text) {
    return inner.mayOccur(text) && passes(text);
  }

  /** Ungated: the caller asks {@link #mayOccur} first (and scanning more is never wrong). */
  @Override
  public boolean scanAsciiPair(String a, String b, IntConsumer hit) {
    return inner.scanAsciiPair(a, b, hit);
  }

  @Override
  public String toString() {
    return "BigramGate[" + inner + "]";
  }
}
