package dev.haechi.breach.event;

import java.util.Arrays;
import java.util.HashMap;

/**
 * The distinct values of one column seen during one import, each with a small integer id, shared by
 * the parsing threads (each keeps its own cache in front of it) and read by the Parquet writer. A
 * value is held in Parquet's PLAIN form ({@code [length: int32 LE][bytes]}, for a list {@code
 * [count][total bytes][items in PLAIN form]}), so the writer copies it without re-encoding.
 * Bounded: once full, {@link #intern} answers -1 and the caller keeps the value with its row
 * instead.
 */
public final class ValueDictionary {
  private final int maxValues;
  private final long maxBytes;
  private final HashMap<Key, Integer> ids = new HashMap<>();
  private volatile byte[][] values = new byte[16][];
  private int size;
  private long bytes;

  public ValueDictionary(int maxValues, long maxBytes) {
    this.maxValues = maxValues;
    this.maxBytes = maxBytes;
  }

  /** The id of {@code entry} (a value in PLAIN form; kept, not copied), or -1 when full. */
  public synchronized int intern(byte[] entry) {
    Key k = new Key(entry);
    Integer id = ids.get(k);
    if (id != null) {
      return id;
    }
    if (size >= maxValues || bytes + entry.length > maxBytes) {
      return -1;
    }
    byte[][] v = values;
    if (size == v.length) {
      v = Arrays.copyOf(v, size * 2);
    }
    v[size] = entry;
    values = v; // published after the entry is in place
    ids.put(k, size);
    bytes += entry.length;
    return size++;
  }

  /** The value with this id, in PLAIN form. */
  public byte[] value(int id) {
    return values[id];
  }

  /** How many values have an id (ids are 0 .. size-1). */
  public synchronized int size() {
    return size;
  }

  private record Key(byte[] b, int hash) {
    Key(byte[] b) {
      this(b, Arrays.hashCode(b));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.b, b);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
