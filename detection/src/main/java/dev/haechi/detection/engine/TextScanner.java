package dev.haechi.detection.engine;

import java.util.function.IntConsumer;

/**
 * Finds which of a fixed set of strings (numbered by their position in the list it was built from)
 * occur in a text: {@link AhoCorasick} for small sets, {@link LiteralScanner} for large ones.
 * Immutable and thread-safe.
 */
interface TextScanner {
  /**
   * Calls {@code hit} with the number of every string occurring in {@code text} (repeats possible).
   */
  void scan(String text, IntConsumer hit);

  /**
   * As {@link #scan} on {@code CaseFold.fold(text)}, without computing it, for ASCII text (whose
   * fold only lowers {@code A}–{@code Z}, so each character is lowered as it is read); returns true
   * then. Returns false when {@code text} has a non-ASCII character, having reported some of the
   * strings or none (possibly some that do not occur in the fold: the index treats hits as
   * candidates, never as proof): the caller then scans the folded text with {@link #scan}.
   */
  boolean scanAscii(String text, IntConsumer hit);

  /**
   * {@link #scanAscii} of two texts: true when both were ASCII and scanned; false otherwise, having
   * reported some strings or none (as {@code scanAscii} may): the caller then scans each alone.
   */
  default boolean scanAsciiPair(String a, String b, IntConsumer hit) {
    return scanAscii(a, hit) && scanAscii(b, hit);
  }

  /**
   * False only when the fold of {@code text} contains none of the strings, decided without a scan
   * (a cheap necessary condition: see {@link AhoCorasick#mayOccur}); true otherwise.
   */
  default boolean mayOccur(String text) {
    return true;
  }

  /**
   * The faster scanner for {@code patterns}: the deterministic automaton while its table is small
   * enough to stay in the processor's cache ({@link #MAX_TABLE_BYTES}), else the hashed scanner (a
   * table of thousands of states makes every character a cache miss: the SigmaHQ {@code Hashes} and
   * {@code CommandLine} literals under Sysmon).
   */
  static TextScanner of(java.util.List<String> patterns) {
    AhoCorasick ac = new AhoCorasick(patterns);
    if (ac.tableBytes() <= MAX_TABLE_BYTES) {
      return ac;
    }
    return new LiteralScanner(patterns);
  }

  /** Largest automaton table kept as an automaton. */
  long MAX_TABLE_BYTES = 48 << 10;
}
