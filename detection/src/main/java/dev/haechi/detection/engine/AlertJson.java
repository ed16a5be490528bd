package dev.haechi.detection.engine;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an alert as the one-line JSON {@code haechi detect} prints: {@code
 * {"rule_id","rule_title","level","timestamp","tags","group":{…},"event":{…}}} or {@code
 * "events":[…]} for correlations.
 */
public final class AlertJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private AlertJson() {}

  public static ObjectNode toNode(Alert a) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("rule_id", a.ruleId());
    n.put("rule_title", a.ruleTitle());
    n.put("level", a.level());
    n.put("timestamp", a.timestamp());
    ArrayNode tags = n.putArray("tags");
    a.tags().forEach(tags::add);
    ObjectNode group = n.putObject("group");
    a.group().forEach(group::put);
    if (a.event() != null) {
      n.set("event", a.event());
    } else {
      ArrayNode events = n.putArray("events");
      a.events().forEach(events::add);
    }
    return n;
  }

  public static String toLine(Alert a) {
    return MAPPER.writeValueAsString(toNode(a));
  }
}
