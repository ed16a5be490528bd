package dev.haechi.flink;

import dev.haechi.detection.correlation.CorrelationEngine;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The detection stage's key: the principal whose disclosure baseline an event counts in (the
 * engine's order: {@code user.id}, {@code user.name}, {@code token.sub}); events without one (or
 * not JSON) are spread over 64 keys by their position, since nothing keyed depends on them.
 */
final class Principal {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final String[] FIELDS = {"user.id", "user.name", "token.sub"};

  private Principal() {}

  static String of(String text, long seq) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node != null && node.isObject()) {
        for (String f : FIELDS) {
          List<String> v = CorrelationEngine.plain(node).values(f);
          if (!v.isEmpty()) {
            return "p:" + v.get(0);
          }
        }
      }
    } catch (RuntimeException e) {
      // not JSON: the detection stage rejects it with the reason
    }
    return "#" + Math.floorMod(seq, 64);
  }
}
