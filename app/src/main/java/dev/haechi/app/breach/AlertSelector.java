package dev.haechi.app.breach;

import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeQuery.Selector;
import dev.haechi.core.InputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a stored alert into a scoping selector: the correlation group's key, principal or addresses
 * when it has one, else the signing key of its events, else their user, else their source
 * addresses. Also reads when the alerted activity happened (first and last event time).
 */
public final class AlertSelector {
  private AlertSelector() {}

  /** The activity window of an alert: its events' first and last {@code @timestamp}. */
  public record ActivityWindow(Instant first, Instant last) {}

  public static ScopeQuery query(Connection c, long alertId, Instant from, Instant to)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT details FROM alert WHERE id = ?")) {
      p.setLong(1, alertId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new InputException("--alert", 0, "no stored alert with ID " + alertId);
        }
        return query(rs.getString(1), alertId, from, to);
      }
    }
  }

  public static ScopeQuery query(String detailsJson, long alertId, Instant from, Instant to) {
    JsonNode alert = JsonMapper.builder().build().readTree(detailsJson).path("alert");
    JsonNode group = alert.path("group");
    String ref = Long.toString(alertId);
    if (group.hasNonNull("token.kid")) {
      return new ScopeQuery(
          Selector.KID, List.of(group.get("token.kid").asString()), from, to, ref);
    }
    if (group.hasNonNull("user.id")) {
      return new ScopeQuery(
          Selector.PRINCIPAL, List.of(group.get("user.id").asString()), from, to, ref);
    }
    List<JsonNode> events = events(alert);
    for (String[] path : new String[][] {{"token", "kid"}, {"user", "id"}}) {
      for (JsonNode e : events) {
        JsonNode n = e.path(path[0]).path(path[1]);
        if (n.isValueNode() && !n.asString().isEmpty()) {
          Selector s = path[0].equals("token") ? Selector.KID : Selector.PRINCIPAL;
          return new ScopeQuery(s, List.of(n.asString()), from, to, ref);
        }
      }
    }
    Set<String> ips = new LinkedHashSet<>();
    if (group.hasNonNull("source.ip")) {
      ips.add(group.get("source.ip").asString());
    }
    for (JsonNode e : events) {
      JsonNode n = e.path("source").path("ip");
      if (n.isValueNode() && !n.asString().isEmpty()) {
        ips.add(n.asString());
      }
    }
    if (ips.isEmpty()) {
      throw new InputException(
          "--alert",
          0,
          "alert " + alertId + " names no key, principal or source address to scope by");
    }
    return new ScopeQuery(Selector.SOURCE_IP, new ArrayList<>(ips), from, to, ref);
  }

  /** When the alerted activity happened, from the alert's events (null when they carry no time). */
  public static ActivityWindow activity(JsonNode details) {
    Instant first = null;
    Instant last = null;
    for (JsonNode e : events(details.path("alert"))) {
      JsonNode ts = e.path("@timestamp");
      if (!ts.isString()) {
        continue;
      }
      try {
        Instant t = java.time.OffsetDateTime.parse(ts.asString()).toInstant();
        first = first == null || t.isBefore(first) ? t : first;
        last = last == null || t.isAfter(last) ? t : last;
      } catch (java.time.format.DateTimeParseException ignored) {
        // an event time we cannot read is not a bound
      }
    }
    return new ActivityWindow(first, last);
  }

  private static List<JsonNode> events(JsonNode alert) {
    List<JsonNode> out = new ArrayList<>();
    if (alert.path("event").isObject()) {
      out.add(alert.get("event"));
    }
    alert.path("events").forEach(out::add);
    return out;
  }
}
