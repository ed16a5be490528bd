package dev.haechi.exercise.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** A shaped object node behaves as Jackson's own under random reads and writes. */
class ShapedMapTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void a_shaped_node_behaves_as_a_jackson_node_under_random_reads_and_writes() {
    Random random = new Random(16);
    String[] pool = {"a", "b", "c", "d", "e", "f"};
    for (int round = 0; round < 2000; round++) {
      int n = random.nextInt(5);
      String[] keys = new String[n];
      JsonNode[] values = new JsonNode[n];
      ObjectNode reference = F.objectNode();
      for (int i = 0; i < n; i++) {
        keys[i] = pool[i];
        values[i] = F.numberNode(random.nextInt(10));
        reference.set(keys[i], values[i]);
      }
      ObjectNode shaped = new ShapedMap.Shape(keys).node(values);
      for (int step = 0; step < 20; step++) {
        // a key equal to the shape's but another String object
        String k = new String(pool[random.nextInt(pool.length)].toCharArray());
        switch (random.nextInt(5)) {
          case 0 -> {
            int v = random.nextInt(10);
            shaped.put(k, v);
            reference.put(k, v);
          }
          case 1 -> assertThat(shaped.remove(k)).isEqualTo(reference.remove(k));
          case 2 -> {
            Iterator<Map.Entry<String, JsonNode>> a = shaped.properties().iterator();
            Iterator<Map.Entry<String, JsonNode>> b = reference.properties().iterator();
            while (a.hasNext()) {
              a.next();
              b.next();
              if (random.nextInt(3) == 0) {
                a.remove();
                b.remove();
              }
            }
          }
          default -> assertThat(shaped.get(k)).isEqualTo(reference.get(k));
        }
        assertThat(shaped).isEqualTo(reference);
        assertThat(reference).isEqualTo(shaped);
        assertThat(shaped.size()).isEqualTo(reference.size());
        assertThat(JSON.writeValueAsString(shaped)).isEqualTo(JSON.writeValueAsString(reference));
        List<String> names = new ArrayList<>();
        shaped.propertyNames().forEach(names::add);
        List<String> expected = new ArrayList<>();
        reference.propertyNames().forEach(expected::add);
        assertThat(names).isEqualTo(expected);
      }
    }
  }
}
