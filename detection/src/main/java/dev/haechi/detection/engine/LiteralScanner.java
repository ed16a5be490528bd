package dev.haechi.detection.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Finds which of a large set of strings occur in a text by hashing the text's windows instead of
 * walking an automaton: an Aho–Corasick table of tens of thousands of states (the SigmaHQ {@code
 * Hashes} literals alone make 77,000) no longer fits in the processor's cache, and each character
 * of a scan then waits for memory. Here each string of at least {@link #WIDE} characters is filed
 * under its first {@code WIDE} characters, each of {@link #NARROW} to {@code WIDE - 1} under its
 * first {@code NARROW}; a scan moves a window over the text, keeps the window's characters packed
 * in one {@code long} (a byte per character), and looks the window up in a bitmap of a few
 * kilobytes; only when the bit is set does it look in the table of keys and compare the strings
 * filed there with the text ({@code regionMatches}, so the answer is exact whatever the packing
 * merges). Strings shorter than {@code NARROW} go to a small {@link AhoCorasick}. The idea is the
 * shift-or/hash prefilters of multi-pattern matchers (Hyperscan's FDR, Rabin–Karp); the reference
 * is {@code String.contains} ({@code LiteralScannerTest}). Immutable and thread-safe.
 */
final class LiteralScanner implements TextScanner {
  static final int WIDE = 8;
  static final int NARROW = 4;

  private final String[] patterns;
  private final Tier wide;
  private final Tier narrow;
  private final AhoCorasick shortOnes;

  /** Strings filed under one window width: a bitmap of hashed keys, then the keys themselves. */
  private static final class Tier {
    final long[] bitmap;
    final int bitmapShift;

    /** Open addressing: {@code keys[slot]}, with the ids filed there in {@code ids[from..to)}. */
    final long[] keys;

    final boolean[] used;
    final int[] from;
    final int[] to;
    final int tableShift;
    final int[] ids;

    Tier(Map<Long, List<Integer>> byKey) {
      int distinct = byKey.size();
      int bitmapBits = Integer.highestOneBit(Math.max(1024, distinct * 32 - 1)) << 1;
      bitmapBits = Math.min(bitmapBits, 1 << 20);
      bitmap = new long[bitmapBits >>> 6];
      bitmapShift = 64 - Integer.numberOfTrailingZeros(bitmapBits);
      int tableSize = Integer.highestOneBit(Math.max(4, distinct * 2 - 1)) << 1;
      tableShift = 64 - Integer.numberOfTrailingZeros(tableSize);
      keys = new long[tableSize];
      used = new boolean[tableSize];
      from = new int[tableSize];
      to = new int[tableSize];
      List<Integer> all = new ArrayList<>();
      for (Map.Entry<Long, List<Integer>> e : byKey.entrySet()) {
        long key = e.getKey();
        long h = mix(key);
        int bit = (int) (h >>> bitmapShift);
        bitmap[bit >>> 6] |= 1L << bit;
        int slot = (int) (h >>> tableShift);
        while (used[slot]) {
          slot = (slot + 1) & (tableSize - 1);
        }
        used[slot] = true;
        keys[slot] = key;
        from[slot] = all.size();
        all.addAll(e.getValue());
        to[slot] = all.size();
      }
      ids = all.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  LiteralScanner(List<String> patterns) {
    this.patterns = patterns.toArray(new String[0]);
    Map<Long, List<Integer>> wideKeys = new LinkedHashMap<>();
    Map<Long, List<Integer>> narrowKeys = new LinkedHashMap<>();
    List<String> shortPatterns = new ArrayList<>();
    List<Integer> shortIds = new ArrayList<>();
    for (int id = 0; id < this.patterns.length; id++) {
      String p = this.patterns[id];
      if (p.length() >= WIDE) {
        wideKeys.computeIfAbsent(key(p, 0, WIDE), k -> new ArrayList<>()).add(id);
      } else if (p.length() >= NARROW) {
        narrowKeys.computeIfAbsent(key(p, 0, NARROW), k -> new ArrayList<>()).add(id);
      } else {
        shortPatterns.add(p);
        shortIds.add(id);
      }
    }
    wide = wideKeys.isEmpty() ? null : new Tier(wideKeys);
    narrow = narrowKeys.isEmpty() ? null : new Tier(narrowKeys);
    shortOnes =
        shortPatterns.isEmpty()
            ? null
            : new AhoCorasick(
                shortPatterns, shortIds.stream().mapToInt(Integer::intValue).toArray());
  }

  /** One byte of a character for the packed window: its low byte mixed with its high byte. */
  private static long packed(char c) {
    return (c ^ (c >>> 8)) & 0xFF;
  }

  /** The packed window of {@code width} characters of {@code s} from {@code start}. */
  private static long key(String s, int start, int width) {
    long k = 0;
    for (int i = 0; i < width; i++) {
      k = (k << 8) | packed(s.charAt(start + i));
    }
    return k;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  @Override
  public void scan(String text, IntConsumer hit) {
    if (shortOnes != null) {
      shortOnes.scan(text, hit);
    }
    int n = text.length();
    if (n < NARROW || (wide == null && narrow == null)) {
      return;
    }
    Tier w = wide;
    Tier r = narrow;
    long window = 0;
    for (int i = 0; i < n; i++) {
      window = (window << 8) | packed(text.charAt(i));
      if (r != null && i >= NARROW - 1) {
        probe(r, window & 0xFFFF_FFFFL, text, i - (NARROW - 1), false, hit);
      }
      if (w != null && i >= WIDE - 1) {
        probe(w, window, text, i - (WIDE - 1), false, hit);
      }
    }
  }

  @Override
  public boolean scanAscii(String text, IntConsumer hit) {
    if (shortOnes != null && !shortOnes.scanAscii(text, hit)) {
      return false;
    }
    int n = text.length();
    if (wide == null && narrow == null) {
      return true;
    }
    Tier w = wide;
    Tier r = narrow;
    long window = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return false;
      }
      // an ASCII character is its own packed byte
      window = (window << 8) | (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      if (r != null && i >= NARROW - 1) {
        probe(r, window & 0xFFFF_FFFFL, text, i - (NARROW - 1), true, hit);
      }
      if (w != null && i >= WIDE - 1) {
        probe(w, window, text, i - (WIDE - 1), true, hit);
      }
    }
    return true;
  }

  /** Whether {@code p} occurs at {@code start} in {@code text} with {@code A}–{@code Z} lowered. */
  private static boolean foldedAt(String text, int start, String p) {
    int len = p.length();
    if (start + len > text.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      char c = text.charAt(start + k);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != p.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reports the patterns filed under {@code key} that occur at {@code start} in {@code text}; with
   * {@code fold}, the text is compared with {@code A}–{@code Z} lowered (characters past the window
   * may not be ASCII yet: a hit there is a candidate, and the caller rescans the fold).
   */
  private void probe(Tier t, long key, String text, int start, boolean fold, IntConsumer hit) {
    long h = mix(key);
    int bit = (int) (h >>> t.bitmapShift);
    if ((t.bitmap[bit >>> 6] & (1L << bit)) == 0) {
      return;
    }
    int mask = t.keys.length - 1;
    for (int slot = (int) (h >>> t.tableShift); t.used[slot]; slot = (slot + 1) & mask) {
      if (t.keys[slot] == key) {
        for (int k = t.from[slot]; k < t.to[slot]; k++) {
          int id = t.ids[k];
          String p = patterns[id];
          if (fold ? foldedAt(text, start, p) : text.regionMatches(start, p, 0, p.length())) {
            hit.accept(id);
          }
        }
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "LiteralScanner["
        + patterns.length
        + " strings, "
        + (wide == null ? 0 : wide.ids.length)
        + " by "
        + WIDE
        + " characters, "
        + (narrow == null ? 0 : narrow.ids.length)
        + " by "
        + NARROW
        + "]";
  }
}
