package dev.haechi.exercise.run;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The children of a JSON object whose keys, in order, are shared by many objects (the background
 * events of an exercise all have the same fields): the keys once per shape, the values per object.
 * An {@link ObjectNode} over it ({@link #node}) is an ordinary object node to every reader (the
 * detection engine reads it through {@link ObjectNode#get}, {@link ObjectNode#properties()}, …),
 * equal to the same object built with Jackson's default map, and written as the same text; it takes
 * a fifth of the memory of a {@code LinkedHashMap} with its entries. The detection engine keeps the
 * newest events of every correlation group, so at millions of events this is what the garbage
 * collector copies. Writes work (a new key unshares the key array); iteration follows the key order
 * as a {@code LinkedHashMap} follows insertion order. Not thread-safe, like Jackson's map.
 */
final class ShapedMap extends AbstractMap<String, JsonNode> {
  /** A key order with its keys' hashes. */
  static final class Shape {
    final String[] keys;
    final int[] hashes;

    Shape(String... keys) {
      this.keys = keys.clone();
      this.hashes = new int[keys.length];
      for (int i = 0; i < keys.length; i++) {
        hashes[i] = keys[i].hashCode();
      }
    }

    int size() {
      return keys.length;
    }

    /** An object node of this shape; {@code values} in key order, none null, kept (not copied). */
    ObjectNode node(JsonNode... values) {
      if (values.length != keys.length) {
        throw new IllegalArgumentException(values.length + " values for " + keys.length + " keys");
      }
      return new ObjectNode(JsonNodeFactory.instance, new ShapedMap(keys, hashes, values));
    }
  }

  private String[] keys;
  private int[] hashes;
  private JsonNode[] values;
  private int size;

  private ShapedMap(String[] keys, int[] hashes, JsonNode[] values) {
    this.keys = keys;
    this.hashes = hashes;
    this.values = values;
    this.size = keys.length;
  }

  private int indexOf(Object key) {
    if (!(key instanceof String k)) {
      return -1;
    }
    int h = k.hashCode();
    for (int i = 0; i < size; i++) {
      if (hashes[i] == h && (keys[i] == k || keys[i].equals(k))) {
        return i;
      }
    }
    return -1;
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
  public int size() {
    return size;
  }

  @Override
  public JsonNode put(String key, JsonNode value) {
    int i = indexOf(key);
    if (i >= 0) {
      JsonNode old = values[i];
      values[i] = value;
      return old;
    }
    keys = Arrays.copyOf(keys, size + 1); // this object leaves the shared shape
    hashes = Arrays.copyOf(hashes, size + 1);
    values = Arrays.copyOf(values, size + 1);
    keys[size] = key;
    hashes[size] = key.hashCode();
    values[size] = value;
    size++;
    return null;
  }

  @Override
  public JsonNode remove(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : removeAt(i);
  }

  private JsonNode removeAt(int i) {
    JsonNode old = values[i];
    String[] k = new String[size - 1];
    int[] h = new int[size - 1];
    JsonNode[] v = new JsonNode[size - 1];
    for (int j = 0, n = 0; j < size; j++) {
      if (j != i) {
        k[n] = keys[j];
        h[n] = hashes[j];
        v[n++] = values[j];
      }
    }
    keys = k;
    hashes = h;
    values = v;
    size--;
    return old;
  }

  @Override
  public void clear() {
    keys = new String[0];
    hashes = new int[0];
    values = new JsonNode[0];
    size = 0;
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public Iterator<Map.Entry<String, JsonNode>> iterator() {
        return new Iterator<>() {
          int next;
          int last = -1;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Map.Entry<String, JsonNode> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            last = i;
            return new Entry(i);
          }

          @Override
          public void remove() {
            if (last < 0) {
              throw new IllegalStateException();
            }
            removeAt(last);
            next = last;
            last = -1;
          }
        };
      }
    };
  }

  /** An entry that reads and writes its slot. */
  private final class Entry implements Map.Entry<String, JsonNode> {
    private final String key;
    private final int index;

    Entry(int index) {
      this.index = index;
      this.key = keys[index];
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public JsonNode getValue() {
      return values[index];
    }

    @Override
    public JsonNode setValue(JsonNode value) {
      JsonNode old = values[index];
      values[index] = value;
      return old;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Map.Entry<?, ?> e
          && key.equals(e.getKey())
          && java.util.Objects.equals(getValue(), e.getValue());
    }

    @Override
    public int hashCode() {
      return key.hashCode() ^ java.util.Objects.hashCode(getValue());
    }

    @Override
    public String toString() {
      return key + "=" + getValue();
    }
  }
}
