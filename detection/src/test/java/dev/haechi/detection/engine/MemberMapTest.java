package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link MemberMap} against its reference, a {@code LinkedHashMap}: random sequences of every map
 * operation an {@code ObjectNode} uses (put, get, remove, iteration and removal through the entry,
 * key and value views, entry {@code setValue}, clear), on names that collide in hash ({@code Aa},
 * {@code BB}) or in bloom bit, probed by equal strings that are not the same object; after each
 * step both give the same answers, the same order, equal maps and hash codes, and the {@code
 * ObjectNode}s on them are equal and written alike.
 */
class MemberMapTest {
  private static final String[] NAMES = {
    "Aa",
    "BB",
    "AaAa",
    "BBBB",
    "AaBB",
    "a",
    "b",
    "user",
    "user.id",
    "",
    "x",
    "y",
    "z",
    "id",
    "kid",
    "sub",
    "Event",
    "System",
    "EventData",
    "#text",
    "#attributes",
    "k1",
    "k2",
    "k3",
    "k4",
    "k5",
    "k6"
  };

  @Test
  void every_operation_agrees_with_a_linked_hash_map() {
    Random random = new Random(180);
    for (int round = 0; round < 2_000; round++) {
      MemberMap mine;
      Map<String, JsonNode> reference = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        mine = new MemberMap();
      } else {
        // as the reader builds it: from arrays of distinct names with their bloom bits
        int n = random.nextInt(8);
        List<String> keys = new ArrayList<>();
        List<JsonNode> values = new ArrayList<>();
        long bloom = 0;
        for (int k = 0; k < n; k++) {
          String name = NAMES[random.nextInt(NAMES.length)];
          if (!keys.contains(name)) {
            keys.add(name);
            values.add(IntNode.valueOf(k));
            bloom |= MemberMap.bit(name.hashCode());
            reference.put(name, IntNode.valueOf(k));
          }
        }
        mine =
            new MemberMap(
                keys.toArray(new String[0]), values.toArray(new JsonNode[0]), keys.size(), bloom);
      }
      for (int step = 0; step < 40; step++) {
        String name = fresh(NAMES[random.nextInt(NAMES.length)]);
        JsonNode value = IntNode.valueOf(random.nextInt(100));
        switch (random.nextInt(10)) {
          case 0, 1, 2 -> assertThat(mine.put(name, value)).isEqualTo(reference.put(name, value));
          case 3 -> assertThat(mine.remove(name)).isEqualTo(reference.remove(name));
          case 4 -> {
            int skip = random.nextInt(Math.max(1, reference.size()));
            Iterator<Map.Entry<String, JsonNode>> a = mine.entrySet().iterator();
            Iterator<Map.Entry<String, JsonNode>> b = reference.entrySet().iterator();
            for (int k = 0; k <= skip && b.hasNext(); k++) {
              Map.Entry<String, JsonNode> ea = a.next();
              Map.Entry<String, JsonNode> eb = b.next();
              assertThat(ea).isEqualTo(eb);
              assertThat(ea.hashCode()).isEqualTo(eb.hashCode());
              if (k == skip) {
                if (random.nextBoolean()) {
                  a.remove();
                  b.remove();
                } else {
                  assertThat(ea.setValue(value)).isEqualTo(eb.setValue(value));
                }
              }
            }
            assertThat(a.hasNext()).isEqualTo(b.hasNext());
          }
          case 5 -> {
            Iterator<JsonNode> a = mine.values().iterator();
            Iterator<JsonNode> b = reference.values().iterator();
            int skip = random.nextInt(Math.max(1, reference.size()));
            for (int k = 0; k <= skip && b.hasNext(); k++) {
              assertThat(a.next()).isEqualTo(b.next());
              if (k == skip && random.nextBoolean()) {
                a.remove();
                b.remove();
              }
            }
          }
          case 6 -> {
            if (random.nextInt(10) == 0) {
              mine.clear();
              reference.clear();
            } else {
              assertThat(mine.keySet().remove(name)).isEqualTo(reference.keySet().remove(name));
            }
          }
          case 7 -> {
            List<String> seen = new ArrayList<>();
            mine.forEach((k, v) -> seen.add(k + "=" + v));
            List<String> expected = new ArrayList<>();
            reference.forEach((k, v) -> expected.add(k + "=" + v));
            assertThat(seen).isEqualTo(expected);
          }
          default -> {
            assertThat(mine.get(name)).isEqualTo(reference.get(name));
            assertThat(mine.containsKey(name)).isEqualTo(reference.containsKey(name));
          }
        }
        assertSame(mine, reference, random);
      }
    }
  }

  private static void assertSame(MemberMap mine, Map<String, JsonNode> reference, Random random) {
    assertThat(mine.size()).isEqualTo(reference.size());
    assertThat(mine.isEmpty()).isEqualTo(reference.isEmpty());
    assertThat(new ArrayList<>(mine.keySet())).isEqualTo(new ArrayList<>(reference.keySet()));
    assertThat(new ArrayList<>(mine.values())).isEqualTo(new ArrayList<>(reference.values()));
    assertThat(mine).isEqualTo(reference);
    assertThat(reference).isEqualTo(mine);
    assertThat(mine.hashCode()).isEqualTo(reference.hashCode());
    assertThat(mine.toString()).isEqualTo(reference.toString());
    for (String name : NAMES) {
      String probe = random.nextBoolean() ? fresh(name) : name;
      assertThat(mine.get(probe)).as(probe).isEqualTo(reference.get(name));
      assertThat(mine.containsKey(probe)).as(probe).isEqualTo(reference.containsKey(name));
    }
    ObjectNode a = new ObjectNode(JsonNodeFactory.instance, mine);
    ObjectNode b = new ObjectNode(JsonNodeFactory.instance, reference);
    assertThat(a).isEqualTo(b);
    assertThat(a.toString()).isEqualTo(b.toString());
  }

  /** An equal string that is not the same object (so a look-up cannot match by reference). */
  private static String fresh(String s) {
    return new String(s.toCharArray());
  }
}
