package dev.haechi.detection.correlation;

import dev.haechi.detection.rules.SigmaCorrelation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A correlation rule's condition became true for a group at {@code time} (the event time of the
 * match that completed it); {@code events} are the most recent correlated events, oldest first.
 */
public record CorrelationFired(
    SigmaCorrelation rule, Instant time, Map<String, String> group, List<JsonNode> events) {
  public CorrelationFired {
    group = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(group));
    events = List.copyOf(events);
  }
}
