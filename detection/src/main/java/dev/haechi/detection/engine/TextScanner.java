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
