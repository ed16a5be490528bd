package dev.haechi.app.alerts;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.findings.PageOf;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alerts of both capabilities, one row per deduplication key. Raising an alert that exists
 * counts one more occurrence; if it was acknowledged or closed, the activity went on and it is open
 * again. A new (or reopened) alert is queued for the webhook when one is set ({@code
 * alerts.webhook-url}).
 */
@Component
public class AlertStore {
  static final Set<String> STATUSES = Set.of("open", "acknowledged", "closed");
  private static final int MAX_DETAILS = 60_000;

  /** The longest deduplication key stored as is (the column holds 1000 characters). */
  static final int MAX_KEY = 1000;

  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final SettingsStore settings;
  private final AuditLog audit;

  public AlertStore(JdbcTemplate jdbc, JsonMapper json, SettingsStore settings, AuditLog audit) {
    this.jdbc = jdbc;
    this.json = json;
    this.settings = settings;
    this.audit = audit;
  }

  /**
   * What {@link #raise} did.
   *
   * @param isNew a new alert was stored
   * @param reopened an acknowledged or closed alert was opened again by the repeat
   */
  public record Raised(long id, boolean isNew, boolean reopened) {
    public Raised(long id, boolean isNew) {
      this(id, isNew, false);
    }
  }

  /**
   * Raises an alert, or counts a repeat of the one with the same {@code dedupKey}. A repeat of an
   * acknowledged or closed alert opens it again (the activity goes on; audited as {@code
   * alert.reopened} by {@code system}) and queues it for the webhook again when one is set. A key
   * longer than {@link #MAX_KEY} is stored as its head and its SHA-256 ({@link #storedKey}), never
   * clipped, so two long keys that differ only at the end stay two alerts.
   */
  public Raised raise(
      String source,
      String ruleId,
      String title,
      String severity,
      String dedupKey,
      Map<String, ?> details) {
    String key = storedKey(dedupKey);
    Raised repeat = repeat(key);
    if (repeat != null) {
      return repeat;
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    String text = json.writeValueAsString(details);
    if (text.length() > MAX_DETAILS) {
      text = json.writeValueAsString(Map.of("truncated", text.substring(0, MAX_DETAILS - 100)));
    }
    String delivery = settings.get(Setting.ALERT_WEBHOOK_URL).isBlank() ? "none" : "pending";
    try {
      jdbc.update(
          "INSERT INTO alert (source, rule_id, title, severity, dedup_key, first_seen,"
              + " last_seen, occurrences, status, details, delivery, delivery_tries) VALUES (?,"
              + " ?, ?, ?, ?, ?, ?, 1, 'open', ?, ?, 0)",
          source,
          clip(ruleId, 200),
          clip(title, 1000),
          severity,
          key,
          now,
          now,
          text,
          delivery);
    } catch (DuplicateKeyException raced) {
      // another writer stored the same key between our update and insert: count on its row, once
      repeat = repeat(key);
      if (repeat == null) {
        throw new IllegalStateException("alert " + key + " vanished while being raised", raced);
      }
      return repeat;
    }
    return new Raised(idOf(key), true, false);
  }

  /** Counts a repeat of the alert stored under {@code key}; null when there is none. */
  private Raised repeat(String key) {
    List<Object[]> found =
        jdbc.query(
            "SELECT id, status FROM alert WHERE dedup_key = ?",
            (rs, i) -> new Object[] {rs.getLong("id"), rs.getString("status")},
            key);
    if (found.isEmpty()) {
      return null;
    }
    long id = (Long) found.get(0)[0];
    String status = (String) found.get(0)[1];
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    if ("open".equals(status)) {
      jdbc.update(
          "UPDATE alert SET last_seen = ?, occurrences = occurrences + 1 WHERE id = ?", now, id);
      return new Raised(id, false, false);
    }
    boolean webhook = !settings.get(Setting.ALERT_WEBHOOK_URL).isBlank();
    int reopened =
        jdbc.update(
            "UPDATE alert SET last_seen = ?, occurrences = occurrences + 1, status = 'open',"
                + " delivery = ?, delivery_error = NULL, delivery_tries = 0"
                + " WHERE id = ? AND status = ?",
            now,
            webhook ? "pending" : "none",
            id,
            status);
    if (reopened == 0) {
      // someone changed the status meanwhile: count the repeat, keep their status
      jdbc.update(
          "UPDATE alert SET last_seen = ?, occurrences = occurrences + 1 WHERE id = ?", now, id);
      return new Raised(id, false, false);
    }
    audit.append(
        "system", "alert.reopened", "alert:" + id, status + " -> open (the activity went on)");
    return new Raised(id, false, true);
  }

  /** True when an alert with this key exists, whatever its status. */
  public boolean exists(String dedupKey) {
    return jdbc.queryForObject(
            "SELECT COUNT(*) FROM alert WHERE dedup_key = ?", Long.class, storedKey(dedupKey))
        > 0;
  }

  private long idOf(String storedKey) {
    return jdbc.queryForObject("SELECT id FROM alert WHERE dedup_key = ?", Long.class, storedKey);
  }

  /**
   * The form a deduplication key is stored in: itself when at most {@link #MAX_KEY} characters,
   * else its first {@code MAX_KEY - 73} characters, {@code "…#sha256:"} and the hex SHA-256 of the
   * whole key. One function used by every read and write, so a long key always finds its row.
   */
  public static String storedKey(String dedupKey) {
    if (dedupKey.length() <= MAX_KEY) {
      return dedupKey;
    }
    return dedupKey.substring(0, MAX_KEY - 73) + "\u2026#sha256:" + sha256(dedupKey);
  }

  /**
   * The alert's deterministic key: the hex SHA-256 of its source and stored deduplication key (for
   * detection: rule, principal and window start), the same on every server that raises it, for
   * exactly-once delivery.
   */
  public static String alertKey(String source, String storedDedupKey) {
    return sha256(source + "\n" + storedDedupKey);
  }

  static String sha256(String s) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Newest first; {@code source} and {@code status} may be null for all. */
  public PageOf<Alert> list(String source, String status, int page, int size) {
    if (status != null && !STATUSES.contains(status)) {
      throw new IllegalArgumentException("status: one of " + STATUSES + ", not '" + status + "'");
    }
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (source != null) {
      where.append(" AND source = ?");
      args.add(source);
    }
    if (status != null) {
      where.append(" AND status = ?");
      args.add(status);
    }
    long total =
        jdbc.queryForObject("SELECT COUNT(*) FROM alert" + where, Long.class, args.toArray());
    args.add(size);
    args.add((long) page * size);
    List<Alert> items =
        jdbc.query(
            "SELECT * FROM alert" + where + " ORDER BY last_seen DESC, id DESC LIMIT ? OFFSET ?",
            this::row,
            args.toArray());
    return new PageOf<>(items, page, size, total);
  }

  public Alert get(long id) {
    List<Alert> found = jdbc.query("SELECT * FROM alert WHERE id = ?", this::row, id);
    if (found.isEmpty()) {
      throw new IllegalArgumentException("id: no alert " + id);
    }
    return found.get(0);
  }

  /** Counts of open alerts by source, for the overview. */
  public Map<String, Long> openBySource() {
    Map<String, Long> out = new java.util.TreeMap<>();
    jdbc.query(
        "SELECT source, COUNT(*) AS n FROM alert WHERE status = 'open' GROUP BY source",
        rs -> {
          out.put(rs.getString("source"), rs.getLong("n"));
        });
    return out;
  }

  /** Sets an alert's status (acknowledge, close, reopen); audited. */
  public Alert setStatus(String actor, long id, String status) {
    if (!STATUSES.contains(status)) {
      throw new IllegalArgumentException("status: one of " + STATUSES + ", not '" + status + "'");
    }
    Alert before = get(id);
    jdbc.update("UPDATE alert SET status = ? WHERE id = ?", status, id);
    audit.append(actor, "alert." + status, "alert:" + id, before.status() + " -> " + status);
    return get(id);
  }

  /** Alerts waiting for the webhook, oldest first. */
  List<Alert> pendingDelivery(int limit) {
    return jdbc.query(
        "SELECT * FROM alert WHERE delivery = 'pending' ORDER BY id LIMIT ?", this::row, limit);
  }

  void delivered(long id) {
    jdbc.update(
        "UPDATE alert SET delivery = 'delivered', delivery_error = NULL,"
            + " delivery_tries = delivery_tries + 1 WHERE id = ?",
        id);
  }

  void deliveryFailed(long id, String error, int maxTries) {
    jdbc.update(
        "UPDATE alert SET delivery_tries = delivery_tries + 1, delivery_error = ?, delivery ="
            + " CASE WHEN delivery_tries + 1 >= ? THEN 'failed' ELSE 'pending' END WHERE id = ?",
        clip(error, 1000),
        maxTries,
        id);
  }

  private Alert row(ResultSet rs, int i) throws SQLException {
    return new Alert(
        rs.getLong("id"),
        rs.getString("source"),
        rs.getString("rule_id"),
        rs.getString("title"),
        rs.getString("severity"),
        rs.getString("dedup_key"),
        alertKey(rs.getString("source"), rs.getString("dedup_key")),
        instant(rs.getObject("first_seen", OffsetDateTime.class)),
        instant(rs.getObject("last_seen", OffsetDateTime.class)),
        rs.getLong("occurrences"),
        rs.getString("status"),
        json.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() {}),
        rs.getString("delivery"),
        rs.getString("delivery_error"));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
