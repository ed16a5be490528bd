package dev.haechi.detection.event;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Resolves a bare Sigma field name in an {@code evtx_dump} event ({@code {"Event": {"System": …,
 * "EventData": …}}}): first {@code Event.EventData.<name>}, then {@code Event.System.<name>}, then
 * {@code Event.UserData.<any>.<name>}; {@code Provider_Name} style names (Sigma rules
 * specification: "tag and attribute names linked with an underscore") read {@code
 * Event.System.<tag>.#attributes.<attribute>}; EventData names written with spaces ({@code Threat
 * Name}) answer to the name without them, as THOR reads them. A dotted name that exists from the
 * root is read as a path first.
 */
public record EvtxField(String name, DottedPath rooted) implements FieldAccessor {
  public static EvtxField of(String name) {
    return new EvtxField(name, DottedPath.of(name));
  }

  @Override
  public JsonNode find(JsonNode root) {
    JsonNode event = root.get("Event");
    if (event == null || !event.isObject()) {
      return rooted.find(root);
    }
    if (name.indexOf('.') > 0) {
      JsonNode direct = rooted.find(root);
      if (direct != null) {
        return direct;
      }
    }
    JsonNode data = event.get("EventData");
    if (data != null && data.isObject()) {
      JsonNode v = data.get(name);
      if (v != null) {
        return v;
      }
      v = withoutSpaces(data);
      if (v != null) {
        return v;
      }
    }
    JsonNode system = event.get("System");
    if (system != null && system.isObject()) {
      JsonNode v = system.get(name);
      if (v != null) {
        return v;
      }
      int underscore = name.indexOf('_');
      if (underscore > 0) {
        JsonNode tag = system.get(name.substring(0, underscore));
        if (tag != null) {
          JsonNode attrs = tag.get("#attributes");
          if (attrs != null && attrs.get(name.substring(underscore + 1)) != null) {
            return attrs.get(name.substring(underscore + 1));
          }
        }
      }
    }
    JsonNode user = event.get("UserData");
    if (user != null && user.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = user.properties().iterator();
      while (it.hasNext()) {
        JsonNode child = it.next().getValue();
        if (child.isObject() && child.get(name) != null) {
          return child.get(name);
        }
      }
    }
    return null;
  }

  /**
   * As {@link #find(JsonNode)} on an event with an {@code Event} object, given the node this bare
   * name resolves to there ({@code byName}, from {@link EvtxNames}): a dotted name found from the
   * root still wins.
   */
  JsonNode find(JsonNode root, JsonNode byName) {
    if (name.indexOf('.') > 0) {
      JsonNode direct = rooted.find(root);
      if (direct != null) {
        return direct;
      }
    }
    return byName;
  }

  private boolean equalsWithoutSpaces(String key) {
    int j = 0;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (j >= name.length() || name.charAt(j++) != c) {
        return false;
      }
    }
    return j == name.length();
  }

  /** Defender and some other providers write names with spaces ("Threat Name"); rules do not. */
  private JsonNode withoutSpaces(JsonNode data) {
    for (Map.Entry<String, JsonNode> e : data.properties()) {
      String key = e.getKey();
      if (key.indexOf(' ') > 0
          && key.length() > name.length()
          && key.replace(" ", "").equals(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
