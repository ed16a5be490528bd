package dev.haechi.detection.event;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Resolves, in one pass over an {@code evtx_dump} event, the node of every bare name some rule
 * reads ({@link FieldTable#evtxSlot}), with exactly {@link EvtxField#find}'s precedence: {@code
 * EventData.<name>}, then an EventData key that equals the name once its spaces are removed (the
 * first such key), then {@code System.<name>}, then {@code System.<tag>.#attributes.<attribute>}
 * for {@code <tag>_<attribute>}, then the first {@code UserData.<any>.<name>}. Replaces one tree
 * walk per field (with a scan of all EventData keys per absent field) by one walk per event. A
 * randomised test checks agreement with {@link EvtxField#find}.
 */
final class EvtxNames {
  private EvtxNames() {}

  /**
   * Fills {@code nodes[slot]} for the names in {@code table}; false when the event has no {@code
   * Event} object (then every name is read as a path from the root).
   */
  static boolean resolve(JsonNode root, FieldTable table, JsonNode[] nodes) {
    JsonNode event = root.get("Event");
    if (event == null || !event.isObject()) {
      return false;
    }
    JsonNode data = event.get("EventData");
    if (data != null && data.isObject()) {
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        put(table, nodes, e.getKey(), e.getValue());
      }
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        String key = e.getKey();
        if (key.indexOf(' ') > 0) {
          put(table, nodes, key.replace(" ", ""), e.getValue());
        }
      }
    }
    JsonNode system = event.get("System");
    if (system != null && system.isObject()) {
      for (Map.Entry<String, JsonNode> e : system.properties()) {
        put(table, nodes, e.getKey(), e.getValue());
      }
      for (Map.Entry<String, JsonNode> e : system.properties()) {
        String tag = e.getKey();
        // the slots of the names <tag>_<attribute>, found without joining the two
        Map<String, Integer> slots = table.evtxAttributeSlots(tag);
        if (slots == null) {
          continue;
        }
        JsonNode attrs = e.getValue().isObject() ? e.getValue().get("#attributes") : null;
        if (attrs != null && attrs.isObject() && tag.indexOf('_') < 0 && !tag.isEmpty()) {
          for (Map.Entry<String, JsonNode> a : attrs.properties()) {
            Integer slot = slots.get(a.getKey());
            if (slot != null && nodes[slot] == null) {
              nodes[slot] = a.getValue();
            }
          }
        }
      }
    }
    JsonNode user = event.get("UserData");
    if (user != null && user.isObject()) {
      for (Map.Entry<String, JsonNode> c : user.properties()) {
        if (c.getValue().isObject()) {
          for (Map.Entry<String, JsonNode> e : c.getValue().properties()) {
            put(table, nodes, e.getKey(), e.getValue());
          }
        }
      }
    }
    return true;
  }

  private static void put(FieldTable table, JsonNode[] nodes, String name, JsonNode value) {
    int slot = table.evtxSlot(name);
    if (slot >= 0 && nodes[slot] == null) {
      nodes[slot] = value;
    }
  }
}
