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
 * under one of its windows of {@code WIDE} characters, each of {@link #NARROW} to {@code WIDE - 1}
 * under one of its windows of {@code NARROW}: the window fewest of the strings share, so that a
 * window common in text ({@code \windows\}, {@code system32}) does not compare many strings at each
 * occurrence; a scan moves a window over the text, keeps the window's characters packed in one
 * {@code long} (a byte per character), and looks the window up in a bitmap of a few kilobytes
 * (inline in the scan loop); only when the bit is set does it look in the table of keys (one cache
 * line per slot) and compare the strings filed there with the text ({@code regionMatches}, so the
 * answer is exact whatever the packing merges). Strings shorter than {@code NARROW} go to a small
 * {@link AhoCorasick}. The idea is the shift-or/hash prefilters of multi-pattern matchers
 * (Hyperscan's FDR, Rabin–Karp); the reference is {@code String.contains} ({@code
 * LiteralScannerTest}). Immutable and thread-safe.
 */
final class LiteralScanner implements TextScanner {
  static final int WIDE = 8;
  static final int NARROW = 4;

  private final String[] patterns;

  /** Where in each string the window it is filed under starts. */
  private final int[] offsets;

  private final Tier wide;
  private final Tier narrow;
  private final AhoCorasick shortOnes;

  /** Strings filed under one window width: a bitmap of hashed keys, then the keys themselves. */
  private static final class Tier {
    final long[] bitmap;
    final int bitmapShift;

    /**
     * Open addressing, one slot in two adjacent longs so that a look-up reads one cache line:
     * {@code table[2 * slot]} the key, {@code table[2 * slot + 1]} the range {@code from << 32 |
     * to} of the ids filed there in {@link #ids} ({@code to == 0}: empty slot).
     */
    final long[] table;

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
      table = new long[2 * tableSize];
      List<Integer> all = new ArrayList<>();
      for (Map.Entry<Long, List<Integer>> e : byKey.entrySet()) {
        long key = e.getKey();
        long h = mix(key);
        int bit = (int) (h >>> bitmapShift);
        bitmap[bit >>> 6] |= 1L << bit;
        int slot = (int) (h >>> tableShift);
        while (table[2 * slot + 1] != 0) {
          slot = (slot + 1) & (tableSize - 1);
        }
        long from = all.size();
        all.addAll(e.getValue());
        table[2 * slot] = key;
        table[2 * slot + 1] = from << 32 | all.size();
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
    offsets = new int[this.patterns.length];
    Map<Long, Integer> wideShared = sharedWindows(this.patterns, WIDE, Integer.MAX_VALUE);
    Map<Long, Integer> narrowShared = sharedWindows(this.patterns, NARROW, WIDE - 1);
    for (int id = 0; id < this.patterns.length; id++) {
      String p = this.patterns[id];
      if (p.length() >= WIDE) {
        offsets[id] = rarest(p, WIDE, wideShared);
        wideKeys.computeIfAbsent(key(p, offsets[id], WIDE), k -> new ArrayList<>()).add(id);
      } else if (p.length() >= NARROW) {
        offsets[id] = rarest(p, NARROW, narrowShared);
        narrowKeys.computeIfAbsent(key(p, offsets[id], NARROW), k -> new ArrayList<>()).add(id);
      } else {
        shortPatterns.add(p);
        shortIds.add(id);
      }
    }
    // an empty tier has an empty bitmap: the scan loops test it like any other
    wide = new Tier(wideKeys);
    narrow = new Tier(narrowKeys);
    shortOnes =
        shortPatterns.isEmpty()
            ? null
            : new AhoCorasick(
                shortPatterns, shortIds.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * For each window of {@code width} characters, how many of the strings of {@code width} to {@code
   * maxLength} characters contain it.
   */
  private static Map<Long, Integer> sharedWindows(String[] patterns, int width, int maxLength) {
    Map<Long, Integer> shared = new java.util.HashMap<>();
    for (String p : patterns) {
      if (p.length() >= width && p.length() <= maxLength) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int o = 0; o + width <= p.length(); o++) {
          if (seen.add(key(p, o, width))) {
            shared.merge(key(p, o, width), 1, Integer::sum);
          }
        }
      }
    }
    return shared;
  }

  /**
   * The offset of the window {@code p} is filed under: the one fewest strings share (ties: the
   * later), since a window many strings share ({@code \windows}, {@code system32}) is common in
   * text too, and each occurrence of it would compare every string filed there.
   */
  private static int rarest(String p, int width, Map<Long, Integer> shared) {
    int best = 0;
    int bestCount = Integer.MAX_VALUE;
    for (int o = 0; o + width <= p.length(); o++) {
      int count = shared.get(key(p, o, width));
      if (count <= bestCount) {
        best = o;
        bestCount = count;
      }
    }
    return best;
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
    Tier w = wide;
    Tier r = narrow;
    long[] wBits = w.bitmap;
    long[] rBits = r.bitmap;
    int wShift = w.bitmapShift;
    int rShift = r.bitmapShift;
    long window = 0;
    for (int i = 0; i < n; i++) {
      window = (window << 8) | packed(text.charAt(i));
      // the bitmap test inline, the table only on a hit (a few windows in a hundred)
      long hr = mix(window & 0xFFFF_FFFFL);
      int br = (int) (hr >>> rShift);
      if ((rBits[br >>> 6] & (1L << br)) != 0 && i >= NARROW - 1) {
        verify(r, window & 0xFFFF_FFFFL, hr, text, i - (NARROW - 1), false, hit);
      }
      long hw = mix(window);
      int bw = (int) (hw >>> wShift);
      if ((wBits[bw >>> 6] & (1L << bw)) != 0 && i >= WIDE - 1) {
        verify(w, window, hw, text, i - (WIDE - 1), false, hit);
      }
    }
  }

  @Override
  public boolean scanAscii(String text, IntConsumer hit) {
    if (shortOnes != null && !shortOnes.scanAscii(text, hit)) {
      return false;
    }
    int n = text.length();
    Tier w = wide;
    Tier r = narrow;
    long[] wBits = w.bitmap;
    long[] rBits = r.bitmap;
    int wShift = w.bitmapShift;
    int rShift = r.bitmapShift;
    long window = 0;
    for (int i = 0; i < n; i++) {
      int c = text.charAt(i);
      if (c >= 128) {
        return false;
      }
      // an ASCII character is its own packed byte; A-Z lowered without a branch
      window = (window << 8) | (c | (~(('Z' - c) | (c - 'A')) >>> 31) << 5);
      long hr = mix(window & 0xFFFF_FFFFL);
      int br = (int) (hr >>> rShift);
      if ((rBits[br >>> 6] & (1L << br)) != 0 && i >= NARROW - 1) {
        verify(r, window & 0xFFFF_FFFFL, hr, text, i - (NARROW - 1), true, hit);
      }
      long hw = mix(window);
      int bw = (int) (hw >>> wShift);
      if ((wBits[bw >>> 6] & (1L << bw)) != 0 && i >= WIDE - 1) {
        verify(w, window, hw, text, i - (WIDE - 1), true, hit);
      }
    }
    return true;
  }

  /** Whether {@code p} occurs at {@code start} in {@code text} with {@code A}–{@code Z} lowered. */
  private static boolean foldedAt(String text, int start, String p) {
    int len = p.length();
    if (start < 0 || start + len > text.length()) {
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
   * Reports the patterns filed under {@code key} (hashed {@code h}, whose bitmap bit is set) that
   * occur at {@code start} in {@code text}; with {@code fold}, the text is compared with {@code
   * A}–{@code Z} lowered (characters past the window may not be ASCII yet: a hit there is a
   * candidate, and the caller rescans the fold). Kept out of the scan loops, which it would make
   * too large to inline.
   */
  private void verify(
      Tier t, long key, long h, String text, int start, boolean fold, IntConsumer hit) {
    long[] table = t.table;
    int mask = (table.length >>> 1) - 1;
    for (int slot = (int) (h >>> t.tableShift); ; slot = (slot + 1) & mask) {
      long range = table[2 * slot + 1];
      if (range == 0) {
        return;
      }
      if (table[2 * slot] == key) {
        for (int k = (int) (range >>> 32), to = (int) range; k < to; k++) {
          int id = t.ids[k];
          String p = patterns[id];
          int from = start - offsets[id];
          if (fold ? foldedAt(text, from, p) : text.regionMatches(from, p, 0, p.length())) {
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
        + wide.ids.length
        + " by "
        + WIDE
        + " characters, "
        + narrow.ids.length
        + " by "
        + NARROW
        + "]";
  }
}
