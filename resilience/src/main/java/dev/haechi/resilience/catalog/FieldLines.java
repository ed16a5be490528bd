package dev.haechi.resilience.catalog;

/**
 * The lines of an entity's fields ({@link Source#fieldLines()}): a {@link ScanMap} whose lines are
 * kept as {@code int}s. The reader gives every entity one; a hash map and its immutable copy each
 * (with a boxed line per field) were a tenth of the allocation and a large C2 compile when reading
 * the 100,000-entity catalog.
 */
final class FieldLines extends ScanMap<Integer> {
  private final int[] lines;

  /** Takes the arrays as they are: keys distinct and non-null, the caller keeps no reference. */
  FieldLines(String[] keys, int[] lines) {
    super(keys);
    this.lines = lines;
  }

  @Override
  Integer valueAt(int i) {
    return lines[i];
  }

  /** Collects an entity's field lines while it is read; a later line for a key replaces it. */
  static final class Builder {
    private String[] keys = new String[8];
    private int[] lines = new int[8];
    private int n;

    void put(String key, int line) {
      for (int i = 0; i < n; i++) {
        if (keys[i] == key || keys[i].equals(key)) {
          lines[i] = line;
          return;
        }
      }
      if (n == keys.length) {
        keys = java.util.Arrays.copyOf(keys, n * 2);
        lines = java.util.Arrays.copyOf(lines, n * 2);
      }
      keys[n] = key;
      lines[n] = line;
      n++;
    }

    /** The lines put so far (later puts do not change it). */
    FieldLines build() {
      return new FieldLines(java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(lines, n));
    }
  }
}
