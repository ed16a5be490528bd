package dev.haechi.detection.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The two JSON shapes {@code evtx_dump} writes for one record, made one. By default an element's
 * XML attributes are an {@code "#attributes"} object inside the element ({@code "TimeCreated":
 * {"#attributes": {"SystemTime": …}}}, {@code "EventID": {"#attributes": {…}, "#text": 6009}});
 * with {@code --separate-json-attributes} they are a sibling {@code "<name>_attributes"} object
 * ({@code "TimeCreated_attributes": {"SystemTime": …}}, {@code "EventID_attributes": {…},
 * "EventID": 6009}). {@link #normalize} rewrites the second shape into the first, so that field
 * names, log-source routing and event time are read from both exactly alike (a fixture test checks
 * that every record of the evtx project's own sample logs normalises to its default-shape export).
 */
public final class EvtxDumpShape {
  private static final String SUFFIX = "_attributes";

  private EvtxDumpShape() {}

  /**
   * Whether {@code root} is an {@code evtx_dump --separate-json-attributes} record: it has {@code
   * Event_attributes}, or an {@code Event.System} with {@code TimeCreated_attributes} or {@code
   * Provider_attributes} (both always written for a record).
   */
  public static boolean isSeparateAttributes(JsonNode root) {
    JsonNode event = root.get("Event");
    if (event == null || !event.isObject()) {
      return false;
    }
    if (root.get("Event_attributes") != null) {
      return true;
    }
    JsonNode system = event.get("System");
    return system != null
        && system.isObject()
        && (system.get("TimeCreated_attributes") != null
            || system.get("Provider_attributes") != null);
  }

  /**
   * {@code root} in evtx_dump's default shape: itself when it already is (or is no evtx record), a
   * rewritten copy when it is {@code --separate-json-attributes} output. Never modifies {@code
   * root}.
   */
  public static JsonNode normalize(JsonNode root) {
    return isSeparateAttributes(root) ? rewrite(root) : root;
  }

  private static JsonNode rewrite(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(node.size());
      for (JsonNode e : node.values()) {
        out.add(rewrite(e));
      }
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      if (done.contains(key)) {
        continue; // already merged with its attributes
      }
      String element = elementOf(key);
      if (element != null && e.getValue().isObject()) {
        JsonNode value = node.get(element);
        ObjectNode merged = merge(e.getValue(), value == null ? null : rewrite(value));
        out.set(element, merged); // replaces in place when the element came first
        done.add(element);
        continue;
      }
      out.set(key, rewrite(e.getValue()));
    }
    return out;
  }

  /** {@code Foo} for {@code Foo_attributes}, else null. */
  private static String elementOf(String key) {
    return key.length() > SUFFIX.length() && key.endsWith(SUFFIX)
        ? key.substring(0, key.length() - SUFFIX.length())
        : null;
  }

  /** The default shape of an element with attributes: attributes first, then content or text. */
  private static ObjectNode merge(JsonNode attributes, JsonNode value) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("#attributes", attributes);
    if (value == null) {
      return out;
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        if (!"#attributes".equals(e.getKey())) {
          out.set(e.getKey(), e.getValue());
        }
      }
    } else {
      out.set("#text", value);
    }
    return out;
  }
}
