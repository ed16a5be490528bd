package dev.haechi.detection.engine;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The members of a small JSON object in two arrays, in insertion order: what {@link JsonTreeReader}
 * gives the {@code ObjectNode}s it builds instead of a {@code LinkedHashMap} (an entry object per
 * member and a hash table per object, for objects of one to a few members). Look-ups scan the
 * names, comparing the same string first, then hash and text; so the reader uses it only up to
 * {@link #MAX} members. A complete {@link Map} (put, remove and iteration with removal), so that a
 * tree built on it behaves as one built on a {@code LinkedHashMap} for every {@code ObjectNode}
 * operation (equality with such a tree included); null keys are not allowed.
 */
final class MemberMap extends AbstractMap<String, JsonNode> {
  /** The most members the reader keeps here; a larger object gets a {@code LinkedHashMap}. */
  static final int MAX = 24;

  private String[] keys;
  private JsonNode[] values;
  private int size;

  /**
   * Bit {@code (hash ^ hash >>> 6) & 63} of each name's hash set ({@link #bit}): a name whose bit
   * is clear is not here, which answers most look-ups of absent names without a scan. Never cleared
   * by a removal.
   */
  private long bloom;

  private int modCount;
  private Set<Map.Entry<String, JsonNode>> entries;
  private java.util.Collection<JsonNode> valueView;

  MemberMap() {
    keys = new String[4];
    values = new JsonNode[4];
  }

  /**
   * The map of the first {@code size} members of {@code keys} and {@code values} (taken, not
   * copied), which the caller knows to have distinct names; {@code bloom} is the {@link #bit}s of
   * their hashes.
   */
  MemberMap(String[] keys, JsonNode[] values, int size, long bloom) {
    this.keys = keys;
    this.values = values;
    this.size = size;
    this.bloom = bloom;
  }

  /** The bloom bit of a name's hash. */
  static long bit(int hash) {
    return 1L << (hash ^ (hash >>> 6));
  }

  /** The index of {@code key}, or -1. */
  private int indexOf(Object key) {
    if (!(key instanceof String k)) {
      return -1;
    }
    int h = k.hashCode();
    if ((bloom & bit(h)) == 0) {
      return -1;
    }
    String[] ks = keys;
    int n = size;
    // names read by the reader and the names rules look up are mostly the same interned strings
    for (int i = 0; i < n; i++) {
      if (ks[i] == k) {
        return i;
      }
    }
    for (int i = 0; i < n; i++) {
      String s = ks[i];
      if (s.hashCode() == h && s.equals(k)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public JsonNode get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public JsonNode put(String key, JsonNode value) {
    Objects.requireNonNull(key);
    int i = indexOf(key);
    if (i >= 0) {
      JsonNode old = values[i];
      values[i] = value;
      return old;
    }
    append(key, value);
    return null;
  }

  private void append(String key, JsonNode value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, Math.max(4, size * 2));
      values = Arrays.copyOf(values, Math.max(4, size * 2));
    }
    keys[size] = key;
    values[size] = value;
    size++;
    bloom |= bit(key.hashCode());
    modCount++;
  }

  @Override
  public JsonNode remove(Object key) {
    int i = indexOf(key);
    if (i < 0) {
      return null;
    }
    JsonNode old = values[i];
    removeAt(i);
    return old;
  }

  private void removeAt(int i) {
    int tail = size - i - 1;
    System.arraycopy(keys, i + 1, keys, i, tail);
    System.arraycopy(values, i + 1, values, i, tail);
    size--;
    keys[size] = null;
    values[size] = null;
    modCount++;
  }

  @Override
  public void clear() {
    Arrays.fill(keys, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    bloom = 0;
    modCount++;
  }

  @Override
  public void forEach(java.util.function.BiConsumer<? super String, ? super JsonNode> action) {
    int expected = modCount;
    for (int i = 0; i < size; i++) {
      action.accept(keys[i], values[i]);
      if (expected != modCount) {
        throw new ConcurrentModificationException();
      }
    }
  }

  @Override
  public java.util.Collection<JsonNode> values() {
    java.util.Collection<JsonNode> v = valueView;
    return v != null ? v : (valueView = new Values());
  }

  /** The values in order, iterated without an entry per member. */
  private final class Values extends java.util.AbstractCollection<JsonNode> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public void clear() {
      MemberMap.this.clear();
    }

    @Override
    public Iterator<JsonNode> iterator() {
      return new Cursor<>(i -> values[i]);
    }
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    Set<Map.Entry<String, JsonNode>> e = entries;
    return e != null ? e : (entries = new Entries());
  }

  private final class Entries extends AbstractSet<Map.Entry<String, JsonNode>> {
    @Override
    public int size() {
      return size;
    }

    @Override
    public void clear() {
      MemberMap.this.clear();
    }

    @Override
    public Iterator<Map.Entry<String, JsonNode>> iterator() {
      return new Cursor<>(Member::new);
    }
  }

  /** Iterates the members in order, giving {@code element} of each index; removal supported. */
  private final class Cursor<T> implements Iterator<T> {
    private final java.util.function.IntFunction<T> element;
    private int next;
    private int last = -1;
    private int expected = modCount;

    Cursor(java.util.function.IntFunction<T> element) {
      this.element = element;
    }

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public T next() {
      if (expected != modCount) {
        throw new ConcurrentModificationException();
      }
      if (next >= size) {
        throw new NoSuchElementException();
      }
      last = next++;
      return element.apply(last);
    }

    @Override
    public void remove() {
      if (last < 0) {
        throw new IllegalStateException();
      }
      if (expected != modCount) {
        throw new ConcurrentModificationException();
      }
      removeAt(last);
      next = last;
      last = -1;
      expected = modCount;
    }
  }

  /** An entry that reads and writes through to the map (as a {@code LinkedHashMap}'s does). */
  private final class Member implements Map.Entry<String, JsonNode> {
    private final String key;
    private final int at;
    private final int stamp;

    Member(int at) {
      this.key = keys[at];
      this.at = at;
      this.stamp = modCount;
    }

    /** The member's index now (found again if the map changed shape since). */
    private int index() {
      return stamp == modCount ? at : indexOf(key);
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public JsonNode getValue() {
      int i = index();
      return i < 0 ? null : values[i];
    }

    @Override
    public JsonNode setValue(JsonNode value) {
      int i = index();
      if (i < 0) {
        throw new IllegalStateException("member removed: " + key);
      }
      JsonNode old = values[i];
      values[i] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e
          && key.equals(e.getKey())
          && Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return key.hashCode() ^ Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return key + "=" + getValue();
    }
  }
}
