package dev.haechi.detection.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one-pass evtx name resolution an {@link Event} uses must give every field exactly the value
 * {@link EvtxField#find} (the per-field reference walk) gives, whatever the event's shape:
 * EventData names with spaces, System attributes, UserData, names present in several places, dotted
 * names, null or missing sections.
 */
class EvtxNamesTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final String[] NAMES = {
    "Image",
    "ThreatName",
    "Threat Name",
    "EventID",
    "Provider_Name",
    "Provider_Guid",
    "Execution_ProcessID",
    "Event_Source",
    "Channel",
    "Param",
    "a.b",
    "Event.System.Channel",
    "x_y_z"
  };

  @Property(tries = 300)
  void event_lookup_agrees_with_the_reference_walk(@ForAll long seed) {
    Random rnd = new Random(seed);
    FieldTable table = new FieldTable();
    for (String name : NAMES) {
      table.slot(EvtxField.of(name));
    }
    table.slot(DottedPath.of("Event.EventData.Image"));
    JsonNode root = event(rnd);
    Event event = new Event(root, table);
    for (int slot = 0; slot < table.size(); slot++) {
      JsonNode expected = table.accessor(slot).find(root);
      assertThat(texts(event.values(slot)))
          .as("slot %s of %s", table.accessor(slot), root)
          .isEqualTo(expected == null ? List.of() : texts(FieldValue.all(expected)));
      assertThat(event.exists(slot)).isEqualTo(expected != null);
    }
  }

  private static List<String> texts(FieldValue[] values) {
    return Arrays.stream(values).map(v -> v.text() + "/" + v.number()).toList();
  }

  private static JsonNode event(Random rnd) {
    ObjectNode root = MAPPER.createObjectNode();
    if (rnd.nextInt(8) == 0) {
      put(rnd, root, NAMES[rnd.nextInt(NAMES.length)]);
      return root;
    }
    if (rnd.nextInt(5) == 0) {
      put(rnd, root, "a.b");
    }
    ObjectNode event = root.putObject("Event");
    int data = rnd.nextInt(5);
    if (data == 0) {
      event.putNull("EventData");
    } else if (data > 1) {
      ObjectNode d = event.putObject("EventData");
      for (int i = rnd.nextInt(5); i > 0; i--) {
        put(rnd, d, NAMES[rnd.nextInt(NAMES.length)]);
      }
      if (rnd.nextBoolean()) {
        put(rnd, d, rnd.nextBoolean() ? "Im age" : " Image");
      }
    }
    if (rnd.nextInt(4) > 0) {
      ObjectNode system = event.putObject("System");
      for (int i = rnd.nextInt(4); i > 0; i--) {
        put(rnd, system, NAMES[rnd.nextInt(NAMES.length)]);
      }
      for (String tag : new String[] {"Provider", "Execution", "x_y", "Event"}) {
        int kind = rnd.nextInt(4);
        if (kind == 1) {
          system.put(tag, "text");
        } else if (kind >= 2) {
          ObjectNode t = system.putObject(tag);
          if (kind == 3) {
            ObjectNode attrs = t.putObject("#attributes");
            for (String a : new String[] {"Name", "Guid", "ProcessID", "Source", "z"}) {
              if (rnd.nextBoolean()) {
                put(rnd, attrs, a);
              }
            }
          } else {
            t.putNull("#attributes");
          }
        }
      }
    }
    if (rnd.nextInt(3) == 0) {
      ObjectNode user = event.putObject("UserData");
      for (int c = rnd.nextInt(3); c > 0; c--) {
        if (rnd.nextInt(4) == 0) {
          user.put("Child" + c, "scalar");
          continue;
        }
        ObjectNode child = user.putObject("Child" + c);
        for (int i = rnd.nextInt(3); i > 0; i--) {
          put(rnd, child, NAMES[rnd.nextInt(NAMES.length)]);
        }
      }
    }
    return root;
  }

  private static void put(Random rnd, ObjectNode into, String key) {
    switch (rnd.nextInt(5)) {
      case 0 -> into.putNull(key);
      case 1 -> into.put(key, rnd.nextInt(100));
      case 2 -> into.putArray(key).add("v" + rnd.nextInt(9)).add(rnd.nextInt(9));
      case 3 -> into.putObject(key).put("#text", "t" + rnd.nextInt(9));
      default -> into.put(key, "V" + rnd.nextInt(1000));
    }
  }
}
