package dev.haechi.detection.event;

import tools.jackson.databind.JsonNode;

/** Finds a field in a JSON event: the node, or null when the event has no such field. */
@FunctionalInterface
public interface FieldAccessor {
  JsonNode find(JsonNode root);
}
