package dev.haechi.detection.state;

import java.util.function.Predicate;

/**
 * A hash table of nodes in access order, least recently used first: what a {@code LinkedHashMap(…,
 * accessOrder = true)} with {@code removeEldestEntry(size() > max)} does, for per-key stream state
 * that is looked up on every event (correlation groups, disclosure baselines). The value is the
 * node itself, which carries its key, its hash and its place in the order, so a look-up touches the
 * table slot and the node only (no entry object, no boxed key), and a walk over all nodes ({@link
 * #removeIf}) touches each node once.
 *
 * <p>Same observable behaviour as the map: {@link #get} moves a found node to the end (most
 * recent); {@link #put} of a new key appends, then evicts the eldest node while the table holds
 * more than {@code max}; {@link #put} of a present key replaces its node and moves it to the end,
 * evicting nothing; {@link #peek} does not move; {@link #removeIf} walks from the eldest. {@code
 * LruTableTest} drives both with random operations and compares everything observable. Open
 * addressing with linear probing (deletion by backward shift), at most half full. In a table made
 * by {@link #ofStrings}, a probe first compares a 64-bit tag per slot: a short string key (up to 8
 * characters of Latin-1, as most member IDs are) is its own tag, so such a look-up loads neither
 * the probed nodes nor their key strings (a chain of dependent cache misses in a table of 100,000
 * principals); other keys' tags hold their hash, so a probe loads only the nodes whose hash
 * matches. String keys are equal by content, as {@code String.equals} has it. Not thread-safe.
 *
 * @param <K> the key type ({@code equals}/{@code hashCode})
 * @param <N> the node type
 */
public final class LruTable<K, N extends LruTable.Node<K>> {
  /** A value of the table: its key, its hash and its neighbours in the access order. */
  public abstract static class Node<K> {
    K key;
    int hash;
    Node<K> before;
    Node<K> after;
    boolean linked;

    protected Node() {}

    /** The key this node is held under (null while it is in no table). */
    public final K key() {
      return key;
    }
  }

  private final int max;
  private Node<K>[] table;

  /**
   * Beside each slot of {@link #table}, what a probe compares before it touches the node: 0 for an
   * empty slot; for a key that is a short string ({@link #packed}), the string itself packed into
   * the 64 bits, so that a look-up by such a key (a principal's ID) compares numbers in one array
   * and loads only the node it finds, not every probed node, its key string and that string's
   * bytes; for any other key, its hash and {@link #OTHER} (no packed string has a zero low byte).
   */
  private long[] tags;

  private int size;
  private Node<K> head;
  private Node<K> tail;

  /**
   * @param max the most nodes held: an insertion beyond it evicts the least recently used node
   */
  public LruTable(int max) {
    this(max, false);
  }

  private LruTable(int max, boolean tagged) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1");
    }
    this.max = max;
    this.table = newTable(16);
    this.tags = tagged ? new long[16] : null;
  }

  /**
   * A table whose keys are mostly short strings (principal IDs): probes compare {@link #tags}
   * first. Other tables probe the nodes directly, which for a key that is not a short string is one
   * array load fewer.
   */
  public static <N extends Node<String>> LruTable<String, N> ofStrings(int max) {
    return new LruTable<>(max, true);
  }

  /** The low bits of the tag of a key that is not a short string. */
  private static final long OTHER = 0x100;

  /**
   * {@code s} packed into a long when it has 1 to 8 characters, each in 1–255: character {@code i}
   * in bits {@code 8i…8i+7}, zero bytes after the last. Two such strings are equal exactly when
   * their packed forms are (the length is where the first zero byte is); 0 for any other string.
   */
  static long packed(String s) {
    int n = s.length();
    if (n == 0 || n > 8) {
      return 0;
    }
    long t = 0;
    for (int i = 0; i < n; i++) {
      int c = s.charAt(i);
      if (c == 0 || c > 0xFF) {
        return 0;
      }
      t |= (long) c << (8 * i);
    }
    return t;
  }

  /**
   * The hash a key is placed by: in a table made by {@link #ofStrings}, a short string's is mixed
   * from its packed form (the string's own hash is not computed), so that the slot tags alone give
   * every entry's place ({@link #hashOfTag}: moving entries on a removal or a resize loads no
   * node); otherwise the key's {@code hashCode}.
   */
  private int hashOf(Object key) {
    if (tags != null && key instanceof String s) {
      long t = packed(s);
      if (t != 0) {
        return mix(t);
      }
    }
    return key.hashCode();
  }

  private static int mix(long packed) {
    long h = packed * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** The hash of the entry whose slot tag is {@code tag} (see {@link #hashOf}). */
  private static int hashOfTag(long tag) {
    return (tag & 0xFF) != 0 ? mix(tag) : (int) (tag >>> 32);
  }

  /** The slot tag of {@code key} with hash {@code hash} (see {@link #tags}); never 0. */
  private static long tagOf(Object key, int hash) {
    if (key instanceof String s) {
      long t = packed(s);
      if (t != 0) {
        return t;
      }
    }
    return ((long) hash << 32) | OTHER;
  }

  @SuppressWarnings("unchecked")
  private static <K> Node<K>[] newTable(int capacity) {
    return (Node<K>[]) new Node<?>[capacity];
  }

  private static int spread(int h) {
    return (h * 0x9E3779B9) ^ (h >>> 16);
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  private int indexOf(Object key, int hash) {
    if (tags == null) {
      Node<K>[] t = table;
      int mask = t.length - 1;
      for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
        Node<K> n = t[i];
        if (n == null) {
          return -1 - i;
        }
        if (n.hash == hash && (n.key == key || key.equals(n.key))) {
          return i;
        }
      }
    }
    long tag = tagOf(key, hash);
    long[] g = tags;
    int mask = g.length - 1;
    boolean other = (tag & 0xFF) == 0;
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      long s = g[i];
      if (s == 0) {
        return -1 - i;
      }
      if (s == tag) {
        if (!other) {
          return i; // a short string, equal to the key: the tags are the strings
        }
        Node<K> n = table[i];
        if (n.key == key || key.equals(n.key)) {
          return i;
        }
      }
    }
  }

  /** The slot of {@code n}, which is in this table. */
  private int slotOf(Node<K> n) {
    Node<K>[] t = table;
    int mask = t.length - 1;
    int i = spread(n.hash) & mask;
    while (t[i] != n) {
      i = (i + 1) & mask;
    }
    return i;
  }

  /** The node of {@code key}, made the most recently used; null if none. */
  @SuppressWarnings("unchecked")
  public N get(K key) {
    int i = indexOf(key, hashOf(key));
    if (i < 0) {
      return null;
    }
    Node<K> n = table[i];
    moveToEnd(n);
    return (N) n;
  }

  /** The node of {@code key} without changing the order; null if none. */
  @SuppressWarnings("unchecked")
  public N peek(K key) {
    int i = indexOf(key, hashOf(key));
    return i < 0 ? null : (N) table[i];
  }

  /**
   * Holds {@code node} under {@code key} as the most recently used; returns the node it replaced
   * (null if the key was new). A new key may evict the least recently used node.
   *
   * @throws IllegalArgumentException if {@code node} is already in a table
   */
  @SuppressWarnings("unchecked")
  public N put(K key, N node) {
    if (node.linked) {
      throw new IllegalArgumentException("the node is already in a table");
    }
    int hash = hashOf(key);
    int i = indexOf(key, hash);
    node.key = key;
    node.hash = hash;
    if (i >= 0) {
      Node<K> old = table[i];
      unlink(old);
      old.key = null;
      table[i] = node;
      link(node);
      return (N) old;
    }
    table[-1 - i] = node;
    if (tags != null) {
      tags[-1 - i] = tagOf(key, hash);
    }
    link(node);
    size++;
    if (size * 2 > table.length) {
      resize();
    }
    if (size > max) {
      removeNode(head);
    }
    return null;
  }

  /** Removes the node of {@code key}; returns it, or null if none. */
  @SuppressWarnings("unchecked")
  public N remove(K key) {
    int i = indexOf(key, hashOf(key));
    if (i < 0) {
      return null;
    }
    Node<K> n = table[i];
    removeAt(i);
    return (N) n;
  }

  /** Removes every node. */
  public void clear() {
    for (Node<K> n = head; n != null; ) {
      Node<K> next = n.after;
      n.before = null;
      n.after = null;
      n.linked = false;
      n.key = null;
      n = next;
    }
    table = newTable(16);
    tags = tags == null ? null : new long[16];
    head = null;
    tail = null;
    size = 0;
  }

  /**
   * Walks every node from the least recently used, removing those {@code test} accepts; the order
   * of the others is unchanged. Returns how many were removed.
   */
  @SuppressWarnings("unchecked")
  public int removeIf(Predicate<? super N> test) {
    int removed = 0;
    for (Node<K> n = head; n != null; ) {
      Node<K> next = n.after;
      if (test.test((N) n)) {
        removeNode(n);
        removed++;
      }
      n = next;
    }
    return removed;
  }

  /**
   * As {@link #removeIf}, but tests the nodes in the order of the table's slots, not the access
   * order: for a {@code test} that looks at each node alone (the result of the walk is then the
   * same). The access order is a chain of nodes scattered over the heap, each found through the one
   * before; the slots are one array, so the processor loads many nodes at once. The order of the
   * nodes kept is unchanged. Returns how many were removed.
   */
  @SuppressWarnings("unchecked")
  public int sweep(Predicate<? super N> test) {
    Node<K>[] t = table;
    Node<K>[] doomed = null;
    int removed = 0;
    for (Node<K> n : t) {
      if (n != null && test.test((N) n)) {
        if (doomed == null) {
          doomed = newTable(16);
        } else if (removed == doomed.length) {
          doomed = java.util.Arrays.copyOf(doomed, removed * 2);
        }
        doomed[removed++] = n;
      }
    }
    for (int i = 0; i < removed; i++) {
      removeNode(doomed[i]); // after the walk: a removal shifts nodes between slots
    }
    return removed;
  }

  /** Calls {@code action} on every node from the least recently used. */
  @SuppressWarnings("unchecked")
  public void forEach(java.util.function.Consumer<? super N> action) {
    for (Node<K> n = head; n != null; n = n.after) {
      action.accept((N) n);
    }
  }

  private void removeNode(Node<K> n) {
    removeAt(slotOf(n));
  }

  private void removeAt(int i) {
    Node<K>[] t = table;
    long[] g = tags;
    Node<K> n = t[i];
    unlink(n);
    n.key = null;
    size--;
    // backward-shift deletion: move later members of the probe run into the hole
    int mask = t.length - 1;
    int hole = i;
    for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
      int home = spread(g == null ? t[j].hash : hashOfTag(g[j])) & mask;
      // t[j] may fill the hole unless its home lies cyclically in (hole, j]
      boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!stays) {
        t[hole] = t[j];
        if (g != null) {
          g[hole] = g[j];
        }
        hole = j;
      }
    }
    t[hole] = null;
    if (g != null) {
      g[hole] = 0;
    }
  }

  private void resize() {
    Node<K>[] old = table;
    long[] oldTags = tags;
    Node<K>[] t = newTable(old.length * 2);
    long[] g = oldTags == null ? null : new long[t.length];
    int mask = t.length - 1;
    for (int k = 0; k < old.length; k++) {
      Node<K> n = old[k];
      if (n != null) {
        int i = spread(g == null ? n.hash : hashOfTag(oldTags[k])) & mask;
        while (t[i] != null) {
          i = (i + 1) & mask;
        }
        t[i] = n;
        if (g != null) {
          g[i] = oldTags[k];
        }
      }
    }
    table = t;
    tags = g;
  }

  private void link(Node<K> n) {
    n.linked = true;
    n.after = null;
    n.before = tail;
    if (tail == null) {
      head = n;
    } else {
      tail.after = n;
    }
    tail = n;
  }

  private void unlink(Node<K> n) {
    Node<K> b = n.before;
    Node<K> a = n.after;
    if (b == null) {
      head = a;
    } else {
      b.after = a;
    }
    if (a == null) {
      tail = b;
    } else {
      a.before = b;
    }
    n.before = null;
    n.after = null;
    n.linked = false;
  }

  private void moveToEnd(Node<K> n) {
    if (n != tail) {
      unlink(n);
      link(n);
    }
  }
}
