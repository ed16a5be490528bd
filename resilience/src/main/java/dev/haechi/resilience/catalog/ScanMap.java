package dev.haechi.resilience.catalog;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A read-only map of a few distinct keys held in an array and looked up by a scan; the subclass
 * holds the values (an object array, or primitives that it boxes only when asked). The catalog
 * reader makes several per entity: a hash table each was a tenth of the allocation when reading the
 * 100,000-entity catalog. Equal to any map with the same entries.
 */
abstract class ScanMap<V> extends AbstractMap<String, V> {
  private final String[] keys;

  /** Takes the array as it is: keys distinct and non-null, the caller keeps no reference. */
  ScanMap(String[] keys) {
    this.keys = keys;
  }

  /** The value of the {@code i}-th key. */
  abstract V valueAt(int i);

  private int indexOf(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == key || keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public V get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : valueAt(i);
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
  public Set<Map.Entry<String, V>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Map.Entry<String, V>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < keys.length;
          }

          @Override
          public Map.Entry<String, V> next() {
            if (i >= keys.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, V> e = new SimpleImmutableEntry<>(keys[i], valueAt(i));
            i++;
            return e;
          }
        };
      }
    };
  }
}
