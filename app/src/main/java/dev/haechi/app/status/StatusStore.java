package dev.haechi.app.status;

import dev.haechi.app.audit.AuditLog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Status-page state in the store: component states and incidents with updates. Audited. */
@Component
public class StatusStore {
  static final Set<String> INCIDENT_STATUSES =
      Set.of("investigating", "identified", "monitoring", "resolved", "postmortem");
  static final Set<String> IMPACTS = Set.of("none", "minor", "major", "critical");

  private final JdbcTemplate jdbc;
  private final AuditLog audit;

  public StatusStore(JdbcTemplate jdbc, AuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /** A component's state as people set it, and what to do instead while it is down. */
  public record ComponentState(ComponentStatus status, String instead, Instant updatedAt) {}

  /** An incident as the status page shows it. */
  public record Incident(
      long id,
      String name,
      String status,
      String impact,
      Instant createdAt,
      Instant updatedAt,
      Instant resolvedAt,
      List<Update> updates,
      List<String> components) {}

  /** One update of an incident, newest first in {@link Incident#updates}. */
  public record Update(long id, String status, String body, Instant createdAt) {}

  public Map<String, ComponentState> componentStates() {
    Map<String, ComponentState> out = new HashMap<>();
    jdbc.query(
        "SELECT component_id, status, instead_text, updated_at FROM status_component",
        rs -> {
          out.put(
              rs.getString(1),
              new ComponentState(
                  ComponentStatus.parse(rs.getString(2)),
                  rs.getString(3),
                  rs.getObject(4, OffsetDateTime.class).toInstant()));
        });
    return out;
  }

  @Transactional
  public void setComponent(
      String actor, String componentId, ComponentStatus status, String instead) {
    String text = instead == null ? "" : instead.trim();
    if (text.length() > 2000) {
      throw new IllegalArgumentException("instead: at most 2000 characters");
    }
    OffsetDateTime now = now();
    int n =
        jdbc.update(
            "UPDATE status_component SET status = ?, instead_text = ?, updated_at = ? WHERE"
                + " component_id = ?",
            status.wire(),
            text,
            now,
            componentId);
    if (n == 0) {
      jdbc.update(
          "INSERT INTO status_component (component_id, status, instead_text, updated_at) VALUES"
              + " (?, ?, ?, ?)",
          componentId,
          status.wire(),
          text,
          now);
    }
    audit.append(actor, "status.component-changed", "component:" + componentId, status.wire());
  }

  @Transactional
  public long openIncident(
      String actor,
      String name,
      String status,
      String impact,
      String body,
      List<String> components) {
    if (name == null || name.isBlank() || name.length() > 500) {
      throw new IllegalArgumentException("name: give the incident a name of 1 to 500 characters");
    }
    check(status, impact, body);
    OffsetDateTime now = now();
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO status_incident (name, status, impact, created_at, updated_at,"
                      + " resolved_at) VALUES (?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          ps.setString(1, name);
          ps.setString(2, status);
          ps.setString(3, impact);
          ps.setObject(4, now);
          ps.setObject(5, now);
          ps.setObject(6, "resolved".equals(status) ? now : null);
          return ps;
        },
        keys);
    long id = keys.getKey().longValue();
    jdbc.update(
        "INSERT INTO status_incident_update (incident_id, status, body, created_at) VALUES (?, ?,"
            + " ?, ?)",
        id,
        status,
        body,
        now);
    for (String c : components == null ? List.<String>of() : components) {
      jdbc.update(
          "INSERT INTO status_incident_component (incident_id, component_id) VALUES (?, ?)", id, c);
    }
    audit.append(actor, "status.incident-opened", "incident:" + id, status + " " + impact);
    return id;
  }

  @Transactional
  public void updateIncident(String actor, long id, String status, String body) {
    check(status, null, body);
    OffsetDateTime now = now();
    int n =
        jdbc.update(
            "UPDATE status_incident SET status = ?, updated_at = ?, resolved_at = CASE WHEN ? ="
                + " 'resolved' THEN ? ELSE resolved_at END WHERE id = ?",
            status,
            now,
            status,
            now,
            id);
    if (n == 0) {
      throw new IllegalArgumentException("id: no incident " + id);
    }
    jdbc.update(
        "INSERT INTO status_incident_update (incident_id, status, body, created_at) VALUES (?, ?,"
            + " ?, ?)",
        id,
        status,
        body,
        now);
    audit.append(actor, "status.incident-updated", "incident:" + id, status);
  }

  /**
   * Tells a restoration milestone once: records {@code milestone} of {@code restorationId} and adds
   * an update to the incident at the time the milestone happened (the incident keeps its status).
   *
   * @return false when this milestone was already told
   */
  @Transactional
  public boolean addMilestone(
      String actor,
      long restorationId,
      String milestone,
      long incidentId,
      String body,
      Instant happenedAt) {
    Integer told =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM status_milestone WHERE restoration_id = ? AND milestone = ?",
            Integer.class,
            restorationId,
            milestone);
    if (told != null && told > 0) {
      return false;
    }
    OffsetDateTime at = OffsetDateTime.ofInstant(happenedAt, ZoneOffset.UTC);
    jdbc.update(
        "INSERT INTO status_milestone (restoration_id, milestone, incident_id, happened_at) VALUES"
            + " (?, ?, ?, ?)",
        restorationId,
        milestone,
        incidentId,
        at);
    String status =
        jdbc.queryForObject(
            "SELECT status FROM status_incident WHERE id = ?", String.class, incidentId);
    jdbc.update(
        "INSERT INTO status_incident_update (incident_id, status, body, created_at) VALUES (?, ?,"
            + " ?, ?)",
        incidentId,
        status,
        body,
        at);
    jdbc.update(
        "UPDATE status_incident SET updated_at = ? WHERE id = ? AND updated_at < ?",
        at,
        incidentId,
        at);
    audit.append(actor, "status.incident-updated", "incident:" + incidentId, milestone);
    return true;
  }

  /** The newest incidents first, each with its updates (newest first) and components. */
  public List<Incident> incidents(int limit) {
    Map<Long, List<Update>> updates = new HashMap<>();
    jdbc.query(
        "SELECT id, incident_id, status, body, created_at FROM status_incident_update ORDER BY"
            + " created_at DESC, id DESC",
        rs -> {
          updates
              .computeIfAbsent(rs.getLong(2), k -> new ArrayList<>())
              .add(
                  new Update(
                      rs.getLong(1),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getObject(5, OffsetDateTime.class).toInstant()));
        });
    Map<Long, List<String>> components = new HashMap<>();
    jdbc.query(
        "SELECT incident_id, component_id FROM status_incident_component",
        rs -> {
          components.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
    Map<Long, Incident> out = new LinkedHashMap<>();
    jdbc.query(
        "SELECT * FROM status_incident ORDER BY created_at DESC, id DESC LIMIT ?",
        rs -> {
          long id = rs.getLong("id");
          OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
          out.put(
              id,
              new Incident(
                  id,
                  rs.getString("name"),
                  rs.getString("status"),
                  rs.getString("impact"),
                  rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                  rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                  resolved == null ? null : resolved.toInstant(),
                  updates.getOrDefault(id, List.of()),
                  components.getOrDefault(id, List.of())));
        },
        limit);
    return new ArrayList<>(out.values());
  }

  private static void check(String status, String impact, String body) {
    if (!INCIDENT_STATUSES.contains(status)) {
      throw new IllegalArgumentException("status: expected one of " + INCIDENT_STATUSES);
    }
    if (impact != null && !IMPACTS.contains(impact)) {
      throw new IllegalArgumentException("impact: expected one of " + IMPACTS);
    }
    if (body == null || body.isBlank() || body.length() > 5000) {
      throw new IllegalArgumentException("body: write 1 to 5000 characters for the public");
    }
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
  }
}
