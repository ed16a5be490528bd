package dev.haechi.resilience.catalog;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The lines of an entity's fields ({@link Source#fieldLines()}): a read-only map of a few keys held
 * in two arrays and looked up by a scan. The reader gives every entity one; a hash map and its
 * immutable copy each (with a boxed line per field) were a tenth of the allocation and a large C2
 * compile when reading the 100,000-entity catalog. Equal to any map with the same entries.
 */
final class FieldLines extends AbstractMap<String, Integer> {
  private final String[] keys;
  private final int[] lines;

  /** Takes the arrays as they are: keys distinct and non-null, the caller keeps no reference. */
  FieldLines(String[] keys, int[] lines) {
    this.keys = keys;
    this.lines = lines;
  }

  private int indexOf(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key) {
        return i;
      }
    }
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Integer get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : lines[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Set<Map.Entry<String, Integer>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Map.Entry<String, Integer>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Map.Entry<String, Integer> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, Integer> e = new SimpleImmutableEntry<>(keys[i], lines[i]);
            i++;
            return e;
          }
        };
      }
    };
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
