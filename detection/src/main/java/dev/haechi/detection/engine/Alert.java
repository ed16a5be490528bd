package dev.haechi.detection.engine;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A rule fired. For a detection rule {@code event} is the matching event and {@code events} is
 * empty; for a correlation rule {@code group} holds the group-by values and {@code events} the
 * correlated events (bounded), with {@code event} null. {@code timestamp} is the event time as
 * written in the event (ISO-8601), or null when the event has none.
 */
public record Alert(
    String ruleId,
    String ruleTitle,
    String level,
    String timestamp,
    List<String> tags,
    Map<String, String> group,
    JsonNode event,
    List<JsonNode> events) {
  public Alert {
    tags = List.copyOf(tags);
    // in the correlation's group-by order, not Map.copyOf's order, which changes from one JVM to
    // the next: the JSON output of one run is then byte for byte that of the next
    // (null keys and values refused, as Map.copyOf does)
    group.forEach(
        (k, v) -> {
          java.util.Objects.requireNonNull(k);
          java.util.Objects.requireNonNull(v, k);
        });
    group =
        group.isEmpty()
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
    events = List.copyOf(events);
  }
}
