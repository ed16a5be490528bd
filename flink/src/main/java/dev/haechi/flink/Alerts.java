package dev.haechi.flink;

import dev.haechi.detection.engine.Alert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Reads back an alert line of {@code AlertJson.toLine} (the job's alerts travel as that line). */
public final class Alerts {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Alerts() {}

  public static Alert fromJson(String line) {
    JsonNode n = MAPPER.readTree(line);
    List<String> tags = new ArrayList<>();
    n.path("tags").forEach(t -> tags.add(t.asString()));
    Map<String, String> group = new LinkedHashMap<>();
    n.path("group").properties().forEach(e -> group.put(e.getKey(), e.getValue().asString()));
    List<JsonNode> events = new ArrayList<>();
    n.path("events").forEach(events::add);
    return new Alert(
        text(n, "rule_id"),
        text(n, "rule_title"),
        text(n, "level"),
        text(n, "timestamp"),
        tags,
        group,
        n.has("event") ? n.get("event") : null,
        events);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
