package dev.haechi.app.detection;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Turns the engine's alerts into stored alerts: one per rule, <em>principal</em> and window, with
 * repeats counted ({@link AlertStore#raise}). The deduplication key is {@code
 * detection:RULE:PRINCIPAL:WINDOW} and the alert's deterministic key is derived from it ({@link
 * AlertStore#alertKey}), so the same activity gives the same alert ID on every run.
 *
 * <ul>
 *   <li><b>Principal</b> of a single-event alert: the first of {@code user.id}, {@code user.name},
 *       {@code user.email}, {@code token.sub}, {@code source.ip}, {@code host.name} the event
 *       carries, as {@code field=value}. The token's {@code kid} is never the principal: a key
 *       signs tokens for many people, and an alert keyed by it would merge them. An event naming
 *       none of them has the principal {@code unknown} (with its kid, if any, as a qualifier).
 *   <li><b>Principal</b> of a correlation alert: its group-by values as {@code field=value}, sorted
 *       by field. When the group names nothing but the kid, the principals of the correlated events
 *       are added (sorted, distinct), so two people's activity under one key stays apart.
 *   <li><b>Window</b>: the UTC day of the event for a single-event alert; for a correlation alert
 *       the time of its first correlated event (the window's start), else the alert's time.
 * </ul>
 *
 * A failure to store one alert (database error, constraint) is logged and counted ({@link
 * Counts#notStored}); the batch goes on with the next alert and the next event.
 */
final class DetectionAlerts {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionAlerts.class);

  /** Principal fields of an event, most specific first. */
  static final List<String[]> PRINCIPAL_FIELDS =
      List.of(
          new String[] {"user", "id"},
          new String[] {"user", "name"},
          new String[] {"user", "email"},
          new String[] {"token", "sub"},
          new String[] {"source", "ip"},
          new String[] {"host", "name"});

  /** How a store attempt went, per batch. */
  static final class Counts {
    long raised;
    long isNew;
    long reopened;
    long notStored;
  }

  /** The store's raise, as a function (the {@link AlertStore} in the server). */
  @FunctionalInterface
  interface Raiser {
    AlertStore.Raised raise(
        String source,
        String ruleId,
        String title,
        String severity,
        String dedupKey,
        Map<String, ?> details);
  }

  private final Raiser store;

  DetectionAlerts(Raiser store) {
    this.store = store;
  }

  /** Stores one alert; a failure is logged and counted, never thrown. */
  void store(Alert a, Counts counts) {
    store(a, counts, IngestListener.NONE);
  }

  /** As {@link #store(Alert, Counts)}, telling {@code listener} what became of the alert. */
  void store(Alert a, Counts counts, IngestListener listener) {
    counts.raised++;
    String key;
    String title;
    Map<String, Object> details = new LinkedHashMap<>();
    try {
      String principal = principal(a);
      key = dedupKey(a);
      title = a.ruleTitle() + " — " + principal;
      details.put("alert", AlertJson.toNode(a));
      AlertStore.Raised r =
          store.raise("detection", ruleId(a), title, level(a.level()), key, details);
      if (r.isNew()) {
        counts.isNew++;
      }
      if (r.reopened()) {
        counts.reopened++;
      }
      listener.stored(a, key, r);
    } catch (RuntimeException e) {
      counts.notStored++;
      listener.notStored(a, e);
      // the rule and the failure, never the event (it may hold personal data or tokens)
      LOG.warn(
          "detection: could not store an alert of rule {} ({} not stored in this batch so far): {}",
          ruleId(a),
          counts.notStored,
          e.toString());
    }
  }

  /** {@code detection:RULE:PRINCIPAL:WINDOW}. */
  static String dedupKey(Alert a) {
    return "detection:" + ruleId(a) + ":" + principal(a) + ":" + window(a);
  }

  private static String ruleId(Alert a) {
    return a.ruleId() == null ? "" : a.ruleId();
  }

  /** Who the alert is about (see the class comment). */
  static String principal(Alert a) {
    if (!a.group().isEmpty()) {
      Map<String, String> sorted = new TreeMap<>(a.group());
      List<String> parts = new ArrayList<>();
      sorted.forEach((f, v) -> parts.add(f + "=" + v));
      String group = String.join(",", parts);
      boolean keyOnly = sorted.keySet().stream().allMatch(f -> f.equals("token.kid"));
      if (!keyOnly) {
        return group;
      }
      TreeSet<String> people = new TreeSet<>();
      for (JsonNode e : a.events()) {
        String p = eventPrincipal(e);
        if (p != null) {
          people.add(p);
        }
      }
      return people.isEmpty() ? group : group + ";" + String.join(",", people);
    }
    String p = eventPrincipal(a.event());
    if (p != null) {
      return p;
    }
    String kid = text(a.event(), "token", "kid");
    return kid == null ? "unknown" : "unknown(token.kid=" + kid + ")";
  }

  private static String eventPrincipal(JsonNode e) {
    for (String[] path : PRINCIPAL_FIELDS) {
      String v = text(e, path[0], path[1]);
      if (v != null) {
        return path[0] + "." + path[1] + "=" + v;
      }
    }
    return null;
  }

  /** The window the alert belongs to (see the class comment). */
  static String window(Alert a) {
    if (!a.group().isEmpty() || a.event() == null) {
      for (JsonNode e : a.events()) {
        String t = dev.haechi.detection.engine.EventTime.text(e);
        if (t != null) {
          return t;
        }
      }
      return a.timestamp() == null ? "" : a.timestamp();
    }
    String t = a.timestamp();
    return t == null || t.length() < 10 ? "" : t.substring(0, 10);
  }

  private static String text(JsonNode e, String a, String b) {
    if (e == null) {
      return null;
    }
    JsonNode n = e.path(a).path(b);
    if (!n.isValueNode() || n.isNull()) {
      return null;
    }
    String s = n.asString();
    return s.isEmpty() ? null : s;
  }

  private static String level(String sigmaLevel) {
    return sigmaLevel == null ? "medium" : sigmaLevel;
  }
}
