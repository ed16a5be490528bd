package dev.haechi.app.detection;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stored detection alert as one JSON object for the Kafka alerts topic (FORMATS.md, extension:
 * the alerts topic): its deterministic {@code alertKey} (also the message key), the stored
 * deduplication key, rule, title, severity, and the engine's alert (FORMATS.md §4) under {@code
 * alert}.
 */
public final class AlertMessage {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AlertMessage() {}

  /** The deterministic alert key of a detection alert with this deduplication key. */
  public static String alertKey(String dedupKey) {
    return AlertStore.alertKey("detection", AlertStore.storedKey(dedupKey));
  }

  /** The deterministic alert key the server stores the engine's alert under. */
  public static String alertKey(Alert a) {
    return alertKey(DetectionAlerts.dedupKey(a));
  }

  public static String json(Alert a, String dedupKey) {
    ObjectNode m = JSON.createObjectNode();
    m.put("alertKey", alertKey(dedupKey));
    m.put("source", "detection");
    m.put("dedupKey", AlertStore.storedKey(dedupKey));
    m.put("ruleId", a.ruleId() == null ? "" : a.ruleId());
    m.put("title", a.ruleTitle() + " — " + DetectionAlerts.principal(a));
    m.put("severity", a.level() == null ? "medium" : a.level());
    m.put("principal", DetectionAlerts.principal(a));
    m.put("window", DetectionAlerts.window(a));
    m.set("alert", AlertJson.toNode(a));
    return JSON.writeValueAsString(m);
  }
}
