package dev.haechi.detection.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho–Corasick automaton over a set of strings: one pass over a text reports every pattern that
 * occurs in it, whatever the number of patterns (A. V. Aho, M. J. Corasick, "Efficient string
 * matching: an aid to bibliographic search", CACM 18(6), 1975). Goto edges are sorted char arrays
 * searched by binary search; failure and dictionary-suffix links are precomputed. Unless too large
 * ({@link #MAX_DFA_CELLS}), the automaton is also turned into a deterministic one (every failure
 * chain folded into a full transition table over the ASCII characters of the patterns, one column
 * for every character no pattern has), so that a scan costs one table read per ASCII character; the
 * rare non-ASCII pattern characters step on the trie. Immutable.
 */
final class AhoCorasick implements TextScanner {
  private final char[][] edgeChars;
  private final int[][] edgeTargets;
  private final int[] fail;
  private final int[] dictLink;
  private final int[][] outputs;

  /** Full transition function of the root for ASCII: the hot path, as most scans sit there. */
  private final int[] rootAscii = new int[128];

  /** Above this many table cells (states × character classes) the scan stays on the trie. */
  static final long MAX_DFA_CELLS = 8L << 20;

  /** Column of each ASCII character in the table (0: in no pattern). */
  private final int[] asciiClass = new int[128];

  /**
   * The same for an ASCII character read case-folded: {@code A}–{@code Z} as {@code a}–{@code z}.
   */
  private final int[] foldedClass = new int[128];

  /** Non-ASCII pattern characters: the table has no column for them, they step on the trie. */
  private final char[] otherChars;

  private final int classes;

  /**
   * {@code dfa[state * classes + class]}: the next state's row offset ({@code next * classes}),
   * bit-inverted when a pattern ends there; null when too large.
   */
  private final int[] dfa;

  /**
   * The same table at half the size when there are fewer than 32,768 states but too many cells for
   * the row table below (large automata of few states): the next state's number, with bit 15 set
   * when a pattern ends there; null otherwise.
   */
  private final char[] smallDfa;

  /**
   * The same table when it has fewer than 32,768 cells (the small automata, the keyword one among
   * them): the next state's row offset ({@code next * classes}), with bit 15 set when a pattern
   * ends there; null otherwise.
   */
  private final char[] rowDfa;

  /** The length of the shortest pattern. */
  private final int minLength;

  /**
   * A few ASCII punctuation characters one of which every pattern contains (null if there is no
   * such small set): a text with none of them, and long enough, holds no pattern. Punctuation only:
   * no character outside ASCII folds to one (only {@code K}, {@code ſ}, {@code İ}, {@code ı} fold
   * into ASCII, to letters), so the text has one exactly when its fold has.
   */
  private final char[] required;

  /** Whether some pattern ends at the state (itself or through its dictionary-suffix links). */
  private final boolean[] emits;

  AhoCorasick(List<String> patterns) {
    this(patterns, null);
  }

  /** As above, reporting {@code ids[k]} for pattern {@code k} (null: {@code k} itself). */
  AhoCorasick(List<String> patterns, int[] ids) {
    minLength = patterns.stream().mapToInt(String::length).min().orElse(0);
    required = requiredPunctuation(patterns);
    List<char[]> chars = new ArrayList<>();
    List<int[]> targets = new ArrayList<>();
    List<int[]> out = new ArrayList<>();
    chars.add(new char[0]);
    targets.add(new int[0]);
    out.add(new int[0]);
    for (int id = 0; id < patterns.size(); id++) {
      String p = patterns.get(id);
      int state = 0;
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        int next = find(chars.get(state), targets.get(state), c);
        if (next < 0) {
          next = chars.size();
          chars.add(new char[0]);
          targets.add(new int[0]);
          out.add(new int[0]);
          insert(chars, targets, state, c, next);
        }
        state = next;
      }
      int[] o = out.get(state);
      int[] grown = Arrays.copyOf(o, o.length + 1);
      grown[o.length] = ids == null ? id : ids[id];
      out.set(state, grown);
    }
    int n = chars.size();
    edgeChars = chars.toArray(new char[0][]);
    edgeTargets = targets.toArray(new int[0][]);
    outputs = out.toArray(new int[0][]);
    fail = new int[n];
    dictLink = new int[n];
    Arrays.fill(dictLink, -1);
    for (char c = 0; c < 128; c++) {
      rootAscii[c] = Math.max(find(edgeChars[0], edgeTargets[0], c), 0);
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int t : edgeTargets[0]) {
      fail[t] = 0;
      queue.add(t);
    }
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int k = 0; k < edgeChars[s].length; k++) {
        char c = edgeChars[s][k];
        int t = edgeTargets[s][k];
        int f = fail[s];
        while (f != 0 && find(edgeChars[f], edgeTargets[f], c) < 0) {
          f = fail[f];
        }
        int g = find(edgeChars[f], edgeTargets[f], c);
        fail[t] = g >= 0 && g != t ? g : 0;
        dictLink[t] = outputs[fail[t]].length > 0 ? fail[t] : dictLink[fail[t]];
        queue.add(t);
      }
    }
    emits = new boolean[n];
    for (int st = 0; st < n; st++) {
      emits[st] = outputs[st].length > 0 || dictLink[st] >= 0;
    }
    java.util.TreeSet<Character> alphabet = new java.util.TreeSet<>();
    for (char[] cs : edgeChars) {
      for (char c : cs) {
        alphabet.add(c);
      }
    }
    int cls = 1;
    List<Character> others = new ArrayList<>();
    for (char c : alphabet) {
      if (c < 128) {
        asciiClass[c] = cls++;
      } else {
        others.add(c);
      }
    }
    for (char c = 0; c < 128; c++) {
      foldedClass[c] = asciiClass[c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c];
    }
    otherChars = new char[others.size()];
    for (int i = 0; i < others.size(); i++) {
      otherChars[i] = others.get(i);
    }
    classes = cls;
    int[] table = (long) n * classes <= MAX_DFA_CELLS ? determinize(n) : null;
    if (table != null && table.length < 0x8000) {
      // next row offsets fit in 15 bits: no multiplication on a scan's critical path
      rowDfa = new char[table.length];
      for (int i = 0; i < table.length; i++) {
        int e = table[i];
        rowDfa[i] = e < 0 ? (char) (~e | 0x8000) : (char) e;
      }
      smallDfa = null;
      dfa = null;
    } else if (table != null && n < 0x8000) {
      rowDfa = null;
      smallDfa = new char[table.length];
      for (int i = 0; i < table.length; i++) {
        int e = table[i];
        smallDfa[i] = e < 0 ? (char) ((~e / classes) | 0x8000) : (char) (e / classes);
      }
      dfa = null;
    } else {
      rowDfa = null;
      smallDfa = null;
      dfa = table;
    }
  }

  /** Most characters in {@link #required}: each costs a search of the text. */
  static final int MAX_REQUIRED = 3;

  /**
   * Punctuation, roughly from rarer to more common in log values: a set is picked greedily in this
   * order of preference, among the characters the most patterns not yet covered contain.
   */
  private static final String PUNCTUATION = ":=|;!@#$%^&*()[]{}<>?~`'\",+ ._/-";

  /** A small set of punctuation every pattern contains one of; null if none found. */
  private static char[] requiredPunctuation(List<String> patterns) {
    List<String> uncovered = new ArrayList<>(patterns);
    StringBuilder picked = new StringBuilder();
    while (!uncovered.isEmpty()) {
      if (picked.length() == MAX_REQUIRED) {
        return null;
      }
      char best = 0;
      int bestCount = 0;
      for (char c : PUNCTUATION.toCharArray()) {
        int count = 0;
        for (String p : uncovered) {
          if (p.indexOf(c) >= 0) {
            count++;
          }
        }
        if (count > bestCount) {
          best = c;
          bestCount = count;
        }
      }
      if (bestCount == 0) {
        return null;
      }
      picked.append(best);
      char c = best;
      uncovered.removeIf(p -> p.indexOf(c) >= 0);
    }
    return picked.toString().toCharArray();
  }

  /**
   * False when {@code text} is shorter than every pattern or has none of the {@link #required}
   * characters (found by {@code indexOf}, which the JVM vectorises): then neither it nor its fold
   * holds a pattern.
   */
  @Override
  public boolean mayOccur(String text) {
    if (text.length() < minLength) {
      return false;
    }
    char[] r = required;
    if (r == null) {
      return true;
    }
    for (char c : r) {
      if (text.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Folds failure links into a full table, states in breadth-first order (failures first). */
  private int[] determinize(int n) {
    int[] table = new int[n * classes];
    char[] classChar = new char[classes];
    for (char c = 0; c < 128; c++) {
      if (asciiClass[c] > 0) {
        classChar[asciiClass[c]] = c;
      }
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    while (!queue.isEmpty()) {
      int s = queue.poll();
      for (int k = 1; k < classes; k++) {
        int g = find(edgeChars[s], edgeTargets[s], classChar[k]);
        table[s * classes + k] = g >= 0 ? g : s == 0 ? 0 : table[fail[s] * classes + k];
      }
      for (int t : edgeTargets[s]) {
        queue.add(t);
      }
    }
    for (int i = 0; i < table.length; i++) {
      int next = table[i];
      table[i] = emits[next] ? ~(next * classes) : next * classes;
    }
    return table;
  }

  /** Number of states; for sizing reports. */
  int states() {
    return fail.length;
  }

  int classCount() {
    return classes;
  }

  /** Bytes of the transition table a scan walks (the trie's when not deterministic). */
  long tableBytes() {
    if (rowDfa != null) {
      return 2L * rowDfa.length;
    }
    if (smallDfa != null) {
      return 2L * smallDfa.length;
    }
    if (dfa != null) {
      return 4L * dfa.length;
    }
    return Long.MAX_VALUE;
  }

  /** Whether scans use the row-offset table ({@link #rowDfa}). */
  boolean rowTable() {
    return rowDfa != null;
  }

  /** Whether scans use the deterministic table. */
  boolean deterministic() {
    return dfa != null || smallDfa != null || rowDfa != null;
  }

  /** One step of the (non-deterministic) trie automaton from {@code state} on {@code c}. */
  private int step(int state, char c) {
    int next = state == 0 ? -1 : find(edgeChars[state], edgeTargets[state], c);
    while (next < 0 && state != 0) {
      state = fail[state];
      next = state == 0 ? -1 : find(edgeChars[state], edgeTargets[state], c);
    }
    if (state == 0) {
      next = c < 128 ? rootAscii[c] : Math.max(find(edgeChars[0], edgeTargets[0], c), 0);
    }
    return next;
  }

  /**
   * Calls {@code hit} with the id of every pattern occurring in {@code text} (repeats possible).
   */
  @Override
  public void scan(String text, java.util.function.IntConsumer hit) {
    if (rowDfa != null) {
      char[] table = rowDfa;
      int width = classes;
      int row = 0;
      for (int i = 0, len = text.length(); i < len; i++) {
        char c = text.charAt(i);
        int next;
        if (c < 128) {
          next = table[row + asciiClass[c]];
        } else if (Arrays.binarySearch(otherChars, c) < 0) {
          next = 0;
        } else {
          int to = step(row / width, c);
          next = emits[to] ? to * width | 0x8000 : to * width;
        }
        row = next & 0x7FFF;
        if (next >= 0x8000) {
          report(row / width, hit);
        }
      }
      return;
    }
    if (smallDfa != null) {
      char[] table = smallDfa;
      int width = classes;
      int state = 0;
      for (int i = 0, len = text.length(); i < len; i++) {
        char c = text.charAt(i);
        int next;
        if (c < 128) {
          next = table[state * width + asciiClass[c]];
        } else if (Arrays.binarySearch(otherChars, c) < 0) {
          next = 0;
        } else {
          int to = step(state, c);
          next = emits[to] ? to | 0x8000 : to;
        }
        state = next & 0x7FFF;
        if (next >= 0x8000) {
          report(state, hit);
        }
      }
      return;
    }
    if (dfa != null) {
      int[] table = dfa;
      int row = 0;
      for (int i = 0, len = text.length(); i < len; i++) {
        char c = text.charAt(i);
        int next;
        if (c < 128) {
          next = table[row + asciiClass[c]];
        } else if (Arrays.binarySearch(otherChars, c) < 0) {
          next = 0;
        } else {
          int to = step(row / classes, c);
          next = emits[to] ? ~(to * classes) : to * classes;
        }
        if (next < 0) {
          row = ~next;
          report(row / classes, hit);
        } else {
          row = next;
        }
      }
      return;
    }
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      state = step(state, text.charAt(i));
      report(state, hit);
    }
  }

  @Override
  public boolean scanAscii(String text, java.util.function.IntConsumer hit) {
    int[] fc = foldedClass;
    if (rowDfa != null) {
      return scanRows(text, 0, 0, hit);
    }
    if (smallDfa != null) {
      char[] table = smallDfa;
      int width = classes;
      int state = 0;
      for (int i = 0, len = text.length(); i < len; i++) {
        char c = text.charAt(i);
        if (c >= 128) {
          return false;
        }
        int next = table[state * width + fc[c]];
        state = next & 0x7FFF;
        if (next >= 0x8000) {
          report(state, hit);
        }
      }
      return true;
    }
    if (dfa != null) {
      int[] table = dfa;
      int row = 0;
      for (int i = 0, len = text.length(); i < len; i++) {
        char c = text.charAt(i);
        if (c >= 128) {
          return false;
        }
        int next = table[row + fc[c]];
        if (next < 0) {
          row = ~next;
          report(row / classes, hit);
        } else {
          row = next;
        }
      }
      return true;
    }
    int state = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return false;
      }
      state = step(state, c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
      report(state, hit);
    }
    return true;
  }

  /**
   * {@link #scanAscii} on the row table from {@code from}, in state row {@code row}: false at a
   * non-ASCII character.
   */
  private boolean scanRows(String text, int from, int row, java.util.function.IntConsumer hit) {
    int[] fc = foldedClass;
    char[] table = rowDfa;
    for (int i = from, len = text.length(); i < len; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        return false;
      }
      int next = table[row + fc[c]];
      row = next & 0x7FFF;
      if (next >= 0x8000) {
        report(row / classes, hit);
      }
    }
    return true;
  }

  /**
   * Two texts scanned side by side on the row table: the two walks do not wait for each other, so
   * the processor overlaps their table reads (a walk alone waits for each read before the next).
   */
  @Override
  public boolean scanAsciiPair(String a, String b, java.util.function.IntConsumer hit) {
    if (rowDfa == null) {
      return TextScanner.super.scanAsciiPair(a, b, hit);
    }
    int[] fc = foldedClass;
    char[] table = rowDfa;
    int width = classes;
    int ra = 0;
    int rb = 0;
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if ((ca | cb) >= 128) {
        return false;
      }
      int na = table[ra + fc[ca]];
      int nb = table[rb + fc[cb]];
      ra = na & 0x7FFF;
      rb = nb & 0x7FFF;
      if (((na | nb) & 0x8000) != 0) {
        if (na >= 0x8000) {
          report(ra / width, hit);
        }
        if (nb >= 0x8000) {
          report(rb / width, hit);
        }
      }
    }
    return a.length() > common ? scanRows(a, common, ra, hit) : scanRows(b, common, rb, hit);
  }

  private void report(int state, java.util.function.IntConsumer hit) {
    for (int o = state; o > 0; o = dictLink[o]) {
      for (int id : outputs[o]) {
        hit.accept(id);
      }
    }
  }

  private static int find(char[] cs, int[] ts, char c) {
    if (cs.length <= 8) {
      for (int i = 0; i < cs.length; i++) {
        if (cs[i] == c) {
          return ts[i];
        }
      }
      return -1;
    }
    int i = Arrays.binarySearch(cs, c);
    return i >= 0 ? ts[i] : -1;
  }

  private static void insert(List<char[]> chars, List<int[]> targets, int state, char c, int to) {
    char[] cs = chars.get(state);
    int[] ts = targets.get(state);
    int pos = -(Arrays.binarySearch(cs, c) + 1);
    char[] ncs = new char[cs.length + 1];
    int[] nts = new int[ts.length + 1];
    System.arraycopy(cs, 0, ncs, 0, pos);
    System.arraycopy(ts, 0, nts, 0, pos);
    ncs[pos] = c;
    nts[pos] = to;
    System.arraycopy(cs, pos, ncs, pos + 1, cs.length - pos);
    System.arraycopy(ts, pos, nts, pos + 1, ts.length - pos);
    chars.set(state, ncs);
    targets.set(state, nts);
  }
}
