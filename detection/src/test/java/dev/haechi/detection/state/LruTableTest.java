package dev.haechi.detection.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LruTable} against the reference it replaces, a {@code LinkedHashMap} in access order that
 * removes its eldest entry beyond a maximum: random gets, peeks, inserts, replacements, removals,
 * filtered walks (in access order and in slot order) and clears, with keys whose hashes collide
 * often (long probe runs, deletions that wrap around the table); after every operation the order,
 * the size and each answer must agree.
 */
class LruTableTest {
  /** A key with a chosen hash (many keys share one). */
  record Key(int id, int hash) {
    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.id == id;
    }
  }

  static final class Item extends LruTable.Node<Key> {
    final int serial;

    Item(int serial) {
      this.serial = serial;
    }

    @Override
    public String toString() {
      return "item" + serial;
    }
  }

  @Test
  void agrees_with_an_access_ordered_linked_hash_map_on_random_operations() {
    Random random = new Random(1618);
    int serial = 0;
    for (int round = 0; round < 300; round++) {
      int max = 1 + random.nextInt(random.nextBoolean() ? 8 : 400);
      int keys = 1 + random.nextInt(random.nextBoolean() ? 20 : 1000);
      int hashes = 1 + random.nextInt(random.nextBoolean() ? 4 : 100_000);
      LruTable<Key, Item> table = new LruTable<>(max);
      Map<Key, Item> ref =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Item> eldest) {
              return size() > max;
            }
          };
      for (int step = 0; step < 2000; step++) {
        int id = random.nextInt(keys);
        Key key = new Key(id, Math.floorMod(id * 31, hashes) - hashes / 2);
        int op = random.nextInt(100);
        if (op < 35) {
          assertThat(table.get(key)).isSameAs(ref.get(key));
        } else if (op < 45) {
          Item expected = ref.containsKey(key) ? peekRef(ref, key) : null;
          assertThat(table.peek(key)).isSameAs(expected);
        } else if (op < 80) {
          Item item = new Item(serial++);
          assertThat(table.put(key, item)).isSameAs(ref.put(key, item));
          assertThat(item.key()).isEqualTo(key);
        } else if (op < 92) {
          assertThat(table.remove(key)).isSameAs(ref.remove(key));
        } else if (op < 99) {
          int mod = 2 + random.nextInt(3);
          List<Item> removed = new ArrayList<>();
          boolean anyOrder = random.nextBoolean();
          List<Item> tested = new ArrayList<>();
          int sizeBefore = table.size();
          int n =
              anyOrder
                  ? table.sweep(i -> tested.add(i) && i.serial % mod == 0 && removed.add(i))
                  : table.removeIf(i -> tested.add(i) && i.serial % mod == 0 && removed.add(i));
          assertThat(tested).hasSize(sizeBefore).doesNotHaveDuplicates();
          var it = ref.values().iterator();
          List<Item> refRemoved = new ArrayList<>();
          while (it.hasNext()) {
            Item i = it.next();
            if (i.serial % mod == 0) {
              refRemoved.add(i);
              it.remove();
            }
          }
          if (anyOrder) { // the same nodes, tested in slot order
            assertThat(removed).containsExactlyInAnyOrderElementsOf(refRemoved);
          } else {
            assertThat(removed).isEqualTo(refRemoved);
          }
          assertThat(n).isEqualTo(refRemoved.size());
        } else {
          table.clear();
          ref.clear();
        }
        assertThat(table.size()).isEqualTo(ref.size());
        assertThat(table.isEmpty()).isEqualTo(ref.isEmpty());
        List<Item> order = new ArrayList<>();
        table.forEach(order::add);
        assertThat(order)
            .as("round %d step %d", round, step)
            .isEqualTo(new ArrayList<>(ref.values()));
        for (Item i : order) {
          assertThat(table.peek(i.key())).isSameAs(i);
        }
      }
    }
  }

  static final class Named extends LruTable.Node<String> {}

  /**
   * String keys, which the table compares as packed numbers when they are short ({@link
   * LruTable#packed}): random short and long strings, strings with a zero character or one over 255
   * (one whose low byte is an 'a'), strings one character apart or equal but for their length,
   * strings whose hashes collide ("Aa" and "BB" share one), each looked up as a fresh copy; answers
   * and order as the map's.
   */
  @Test
  void string_keys_short_and_long_agree_with_the_map() {
    Random random = new Random(4242);
    String[] alphabet = {
      "a", "b", "1", "9", "Aa", "BB", "\0", "\u00ff", "\u0100", "\u0161", "\uac00", "x"
    };
    for (int round = 0; round < 200; round++) {
      List<String> pool = new ArrayList<>();
      int poolSize = 1 + random.nextInt(random.nextBoolean() ? 10 : 300);
      for (int k = 0; k < poolSize; k++) {
        StringBuilder b = new StringBuilder();
        int parts = random.nextInt(random.nextBoolean() ? 5 : 12);
        for (int q = 0; q < parts; q++) {
          b.append(alphabet[random.nextInt(random.nextBoolean() ? 4 : alphabet.length)]);
        }
        pool.add(b.toString());
      }
      int max = 1 + random.nextInt(random.nextBoolean() ? 8 : 200);
      LruTable<String, Named> table =
          random.nextBoolean() ? LruTable.ofStrings(max) : new LruTable<>(max);
      Map<String, Named> ref =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Named> eldest) {
              return size() > max;
            }
          };
      for (int step = 0; step < 1500; step++) {
        String key = new String(pool.get(random.nextInt(pool.size())).toCharArray());
        int op = random.nextInt(100);
        if (op < 45) {
          assertThat(table.get(key)).isSameAs(ref.get(key));
        } else if (op < 55) {
          Named expected = null;
          for (Map.Entry<String, Named> e : ref.entrySet()) {
            if (e.getKey().equals(key)) {
              expected = e.getValue();
            }
          }
          assertThat(table.peek(key)).isSameAs(expected);
        } else if (op < 85) {
          Named n = new Named();
          assertThat(table.put(key, n)).isSameAs(ref.put(key, n));
        } else if (op < 97) {
          assertThat(table.remove(key)).isSameAs(ref.remove(key));
        } else {
          table.sweep(n -> n.key().length() % 3 == 0);
          ref.keySet().removeIf(k -> k.length() % 3 == 0);
        }
        assertThat(table.size()).isEqualTo(ref.size());
        List<String> order = new ArrayList<>();
        table.forEach(n -> order.add(n.key()));
        assertThat(order)
            .as("round %d step %d", round, step)
            .isEqualTo(new ArrayList<>(ref.keySet()));
      }
    }
  }

  @Test
  void packs_exactly_the_short_strings_of_nonzero_latin1_characters() {
    assertThat(LruTable.packed("1244577")).isNotZero();
    assertThat(LruTable.packed("12345678")).isNotZero();
    assertThat(LruTable.packed("123456789")).isZero();
    assertThat(LruTable.packed("")).isZero();
    assertThat(LruTable.packed("a\0")).isZero();
    assertThat(LruTable.packed("\u0100")).isZero();
    assertThat(LruTable.packed("\u0161")).isZero(); // not a Latin-1 'a' (0x61)
    assertThat(LruTable.packed("\u00ff")).isNotZero();
    assertThat(LruTable.packed("ab")).isNotEqualTo(LruTable.packed("ba"));
    assertThat(LruTable.packed("a")).isNotEqualTo(LruTable.packed("a\u0001"));
  }

  /** The reference's value without touching its order (containsKey does not, get would). */
  private static Item peekRef(Map<Key, Item> ref, Key key) {
    for (Map.Entry<Key, Item> e : ref.entrySet()) {
      if (e.getKey().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  @Test
  void evicted_and_replaced_nodes_leave_the_table_and_a_held_node_cannot_be_put_twice() {
    LruTable<Key, Item> table = new LruTable<>(2);
    Item a = new Item(1);
    Item b = new Item(2);
    Item c = new Item(3);
    table.put(new Key(1, 1), a);
    table.put(new Key(2, 1), b);
    table.get(new Key(1, 1)); // a is now the most recent: b is the eldest
    table.put(new Key(3, 1), c);
    assertThat(table.peek(new Key(2, 1))).isNull();
    assertThat(b.key()).isNull();
    assertThatThrownBy(() -> table.put(new Key(4, 1), a))
        .isInstanceOf(IllegalArgumentException.class);
    Item a2 = new Item(4);
    assertThat(table.put(new Key(1, 1), a2)).isSameAs(a);
    assertThat(a.key()).isNull();
    List<Item> order = new ArrayList<>();
    table.forEach(order::add);
    assertThat(order).containsExactly(c, a2);
  }
}
