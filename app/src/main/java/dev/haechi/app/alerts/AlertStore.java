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

  /**
   * What the console's alert list filters on; every field may be null for "any". Times bound when
   * Haechi received the alert ({@code from} ≤ last received, first received &lt; {@code to}).
   */
  public record Filter(
      String source,
      String status,
      String severity,
      String ruleId,
      String title,
      Instant from,
      Instant to,
      String kid) {
    public static final Filter ALL = new Filter(null, null, null, null, null, null, null, null);
  }

  /**
   * The alerts of one rule about one principal (the rule's title and the principal make the alert
   * title), over every day they were raised: {@code alerts} rows, {@code hits} occurrences.
   */
  public record AlertGroup(
      String source,
      String ruleId,
      String title,
      String severity,
      long alerts,
      long hits,
      long open,
      long acknowledged,
      long closed,
      Instant firstSeen,
      Instant lastSeen,
      long latestId) {
    /** The status to show for the group: open when any is open, else acknowledged, else closed. */
    public String status() {
      return open > 0 ? "open" : acknowledged > 0 ? "acknowledged" : "closed";
    }
  }

  private StringBuilder where(Filter f, List<Object> args) {
    if (f.status() != null && !STATUSES.contains(f.status())) {
      throw new IllegalArgumentException(
          "status: one of " + STATUSES + ", not '" + f.status() + "'");
    }
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    if (f.source() != null) {
      where.append(" AND source = ?");
      args.add(f.source());
    }
    if (f.status() != null) {
      where.append(" AND status = ?");
      args.add(f.status());
    }
    if (f.severity() != null) {
      where.append(" AND severity = ?");
      args.add(f.severity());
    }
    if (f.ruleId() != null) {
      where.append(" AND rule_id = ?");
      args.add(f.ruleId());
    }
    if (f.title() != null) {
      where.append(" AND title = ?");
      args.add(f.title());
    }
    if (f.from() != null) {
      where.append(" AND last_seen >= ?");
      args.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
    }
    if (f.to() != null) {
      where.append(" AND first_seen < ?");
      args.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
    }
    if (f.kid() != null) {
      // the events an alert carries name the token's key: "kid":"auth-2022-01"
      where.append(" AND details LIKE ?");
      args.add(
          "%"
              + likeEscape(json.writeValueAsString("kid") + ":" + json.writeValueAsString(f.kid()))
              + "%");
    }
    return where;
  }

  /** Alerts matching the filter, newest first. */
  public PageOf<Alert> list(Filter f, int page, int size) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(f, args);
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

  /** Alerts matching the filter grouped by rule and principal, most recently received first. */
  public PageOf<AlertGroup> groups(Filter f, int page, int size) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(f, args);
    String group = " GROUP BY source, rule_id, title";
    long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM (SELECT source FROM alert" + where + group + ") g",
            Long.class,
            args.toArray());
    args.add(size);
    args.add((long) page * size);
    List<AlertGroup> items =
        jdbc.query(
            "SELECT source, rule_id, title, MIN(severity) AS severity, COUNT(*) AS n,"
                + " SUM(occurrences) AS hits,"
                + " SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS n_open,"
                + " SUM(CASE WHEN status = 'acknowledged' THEN 1 ELSE 0 END) AS n_ack,"
                + " SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS n_closed,"
                + " MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen, MAX(id) AS latest"
                + " FROM alert"
                + where
                + group
                + " ORDER BY MAX(last_seen) DESC, MAX(id) DESC LIMIT ? OFFSET ?",
            (rs, i) ->
                new AlertGroup(
                    rs.getString("source"),
                    rs.getString("rule_id"),
                    rs.getString("title"),
                    rs.getString("severity"),
                    rs.getLong("n"),
                    rs.getLong("hits"),
                    rs.getLong("n_open"),
                    rs.getLong("n_ack"),
                    rs.getLong("n_closed"),
                    instant(rs.getObject("first_seen", OffsetDateTime.class)),
                    instant(rs.getObject("last_seen", OffsetDateTime.class)),
                    rs.getLong("latest")),
            args.toArray());
    return new PageOf<>(items, page, size, total);
  }

  /** The distinct rules that raised alerts, with the title of their latest alert. */
  public List<String> ruleIds() {
    return jdbc.queryForList("SELECT DISTINCT rule_id FROM alert ORDER BY rule_id", String.class);
  }

  private static String likeEscape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * The alerts on a person's keys and accounts: those whose events use one of {@code kids} (the
   * token's {@code kid}) or whose deduplication key mentions one of {@code keyParts} (Leaver
   * Guard's keys carry the employee ID). Newest first, at most {@code limit}.
   */
  public List<Alert> mentioning(
      java.util.Collection<String> kids, java.util.Collection<String> keyParts, int limit) {
    StringBuilder where = new StringBuilder();
    List<Object> args = new ArrayList<>();
    for (String k : kids.stream().filter(n -> n != null && !n.isBlank()).distinct().toList()) {
      where.append(where.length() == 0 ? " WHERE " : " OR ").append("details LIKE ?");
      args.add(
          "%"
              + likeEscape(json.writeValueAsString("kid") + ":" + json.writeValueAsString(k))
              + "%");
    }
    for (String n :
        keyParts.stream().filter(n -> n != null && n.length() >= 3).distinct().toList()) {
      where.append(where.length() == 0 ? " WHERE " : " OR ").append("dedup_key LIKE ?");
      args.add("%" + likeEscape(n) + "%");
    }
    if (where.length() == 0) {
      return List.of();
    }
    args.add(limit);
    return jdbc.query(
        "SELECT * FROM alert" + where + " ORDER BY last_seen DESC, id DESC LIMIT ?",
        this::row,
        args.toArray());
  }

  /** A note on an alert. */
  public record Note(long id, String author, Instant at, String text) {}

  /** Who works on the alert (null when nobody) and the notes, oldest first. */
  public record Triage(String assignee, List<Note> notes) {}

  public Triage triage(long id) {
    get(id);
    List<String> assignee =
        jdbc.queryForList("SELECT assignee FROM alert WHERE id = ?", String.class, id);
    List<Note> notes =
        jdbc.query(
            "SELECT * FROM alert_note WHERE alert_id = ? ORDER BY id",
            (rs, i) ->
                new Note(
                    rs.getLong("id"),
                    rs.getString("author"),
                    instant(rs.getObject("created_at", OffsetDateTime.class)),
                    rs.getString("body")),
            id);
    return new Triage(assignee.isEmpty() ? null : assignee.get(0), notes);
  }

  /** Sets who works on an alert (blank for nobody); audited. */
  public void assign(String actor, long id, String assignee) {
    Alert before = get(id);
    String who = assignee == null || assignee.isBlank() ? null : assignee.trim();
    if (who != null && who.length() > 200) {
      throw new IllegalArgumentException("assignee: at most 200 characters");
    }
    jdbc.update("UPDATE alert SET assignee = ? WHERE id = ?", who, id);
    audit.append(
        actor,
        "alert.assigned",
        "alert:" + id,
        (who == null ? "unassigned" : "assignee=" + who) + " (" + before.title() + ")");
  }

  /** Adds a note to an alert; audited. */
  public void addNote(String actor, long id, String text) {
    get(id);
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("note: write something");
    }
    if (text.length() > 4000) {
      throw new IllegalArgumentException("note: at most 4000 characters");
    }
    jdbc.update(
        "INSERT INTO alert_note (alert_id, author, created_at, body) VALUES (?, ?, ?, ?)",
        id,
        actor,
        OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
        text.strip());
    audit.append(actor, "alert.note", "alert:" + id, "chars=" + text.strip().length());
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
