package dev.haechi.app.findings;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.core.Finding;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps what engines found. A run's findings are stored in one transaction with the run and its
 * audit record, so a failed import leaves nothing behind. Lists show the latest complete run of
 * each capability and kind.
 */
@Component
public class FindingStore {
  public static final List<String> CAPABILITIES =
      List.of("identity", "detection", "resilience", "exercise");
  static final String LATEST_RUNS =
      "SELECT MAX(id) FROM engine_run WHERE status = 'complete' GROUP BY capability, kind";

  private final JdbcTemplate jdbc;
  private final JsonMapper json;
  private final AuditLog audit;

  public FindingStore(JdbcTemplate jdbc, JsonMapper json, AuditLog audit) {
    this.jdbc = jdbc;
    this.json = json;
    this.audit = audit;
  }

  /** Stores a finished run and its findings; returns the run's id. */
  @Transactional
  public long saveRun(
      String actor,
      String capability,
      String kind,
      String source,
      LocalDate asOf,
      List<Finding> findings,
      Map<String, ?> summary) {
    if (!CAPABILITIES.contains(capability)) {
      throw new IllegalArgumentException("capability: unknown '" + capability + "'");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO engine_run (capability, kind, source, as_of, started_at,"
                      + " finished_at, status, summary_json) VALUES (?, ?, ?, ?, ?, ?,"
                      + " 'complete', ?)",
                  new String[] {"id"});
          ps.setString(1, capability);
          ps.setString(2, kind);
          ps.setString(3, source);
          ps.setObject(4, asOf);
          ps.setObject(5, now);
          ps.setObject(6, now);
          ps.setString(7, json.writeValueAsString(summary));
          return ps;
        },
        keys);
    long runId = keys.getKey().longValue();
    List<Object[]> rows = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      rows.add(
          new Object[] {
            runId,
            capability,
            f.type(),
            f.severity().label(),
            truncate(f.title(), 1000),
            json.writeValueAsString(new java.util.TreeMap<>(f.subject())),
            evidenceJson(f.evidence()),
            truncate(f.remedy(), 4000)
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO finding (run_id, capability, type, severity, title, subject_json,"
            + " evidence_json, remedy) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
    audit.append(
        actor,
        capability + "." + kind,
        "run:" + runId,
        "source="
            + source
            + " findings="
            + findings.size()
            + (asOf == null ? "" : " asOf=" + asOf));
    return runId;
  }

  /** Findings of the latest runs, most severe first, optionally filtered. */
  public PageOf<StoredFinding> list(String capability, String severity, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE run_id IN (" + LATEST_RUNS + ")");
    List<Object> args = new ArrayList<>();
    if (capability != null && !capability.isBlank()) {
      where.append(" AND capability = ?");
      args.add(capability.toLowerCase(Locale.ROOT));
    }
    if (severity != null && !severity.isBlank()) {
      where.append(" AND severity = ?");
      args.add(severity.toLowerCase(Locale.ROOT));
    }
    return page(where, args, page, size);
  }

  /**
   * A search of the latest findings; null or blank fields match everything. {@code text} is
   * matched, case-insensitively, in the title, the subject, the evidence and the type; {@code
   * person}, {@code system} and {@code secret} match the subject's field exactly.
   */
  public record Query(
      String capability,
      String severity,
      String type,
      String text,
      String person,
      String system,
      String secret) {
    public Query {
      capability = norm(capability);
      severity = norm(severity);
      type = norm(type);
      text = norm(text);
      person = norm(person);
      system = norm(system);
      secret = norm(secret);
    }

    private static String norm(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }

    /** The same search with another value for one field (for counts per type and links). */
    public Query withType(String t) {
      return new Query(capability, severity, t, text, person, system, secret);
    }

    public Query withSeverity(String s) {
      return new Query(capability, s, type, text, person, system, secret);
    }
  }

  private StringBuilder where(Query q, List<Object> args) {
    StringBuilder where = new StringBuilder(" WHERE run_id IN (" + LATEST_RUNS + ")");
    if (q.capability() != null) {
      where.append(" AND capability = ?");
      args.add(q.capability().toLowerCase(Locale.ROOT));
    }
    if (q.severity() != null) {
      where.append(" AND severity = ?");
      args.add(q.severity().toLowerCase(Locale.ROOT));
    }
    if (q.type() != null) {
      where.append(" AND type = ?");
      args.add(q.type());
    }
    if (q.text() != null) {
      String like = "%" + escapeLike(q.text().toLowerCase(Locale.ROOT)) + "%";
      where.append(
          " AND (LOWER(title) LIKE ? OR LOWER(subject_json) LIKE ? OR LOWER(evidence_json) LIKE ?"
              + " OR LOWER(type) LIKE ?)");
      args.add(like);
      args.add(like);
      args.add(like);
      args.add(like);
    }
    for (String[] field :
        new String[][] {{"person", q.person()}, {"system", q.system()}, {"secret", q.secret()}}) {
      if (field[1] != null) {
        where.append(" AND subject_json LIKE ?");
        args.add(
            "%"
                + escapeLike(
                    json.writeValueAsString(field[0]) + ":" + json.writeValueAsString(field[1]))
                + "%");
      }
    }
    return where;
  }

  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** The latest findings matching the search, most severe first. */
  public PageOf<StoredFinding> search(Query q, int page, int size) {
    List<Object> args = new ArrayList<>();
    return page(where(q, args), args, page, size);
  }

  /** One page of the findings under {@code where}, most severe first, with the total count. */
  private PageOf<StoredFinding> page(CharSequence where, List<Object> args, int page, int size) {
    Long total =
        jdbc.queryForObject("SELECT COUNT(*) FROM finding" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) page * size);
    List<StoredFinding> items =
        jdbc.query(
            "SELECT * FROM finding"
                + where
                + " ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1"
                + " WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, id LIMIT ? OFFSET ?",
            (rs, i) ->
                new StoredFinding(
                    rs.getLong("id"),
                    rs.getLong("run_id"),
                    rs.getString("capability"),
                    rs.getString("type"),
                    rs.getString("severity"),
                    rs.getString("title"),
                    json.readValue(
                        rs.getString("subject_json"), new TypeReference<Map<String, String>>() {}),
                    json.readValue(
                        rs.getString("evidence_json"), new TypeReference<List<String>>() {}),
                    rs.getString("remedy")),
            pageArgs.toArray());
    return new PageOf<>(items, page, size, total == null ? 0 : total);
  }

  /** How many findings of each type the search (ignoring its own type) matches, most first. */
  public Map<String, Long> countsByType(Query q) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(q.withType(null), args);
    Map<String, Long> out = new LinkedHashMap<>();
    jdbc.query(
        "SELECT type, COUNT(*) AS n FROM finding" + where + " GROUP BY type ORDER BY n DESC, type",
        rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        },
        args.toArray());
    return out;
  }

  /** How many findings of each severity the search (ignoring its own severity) matches. */
  public Map<String, Long> countsBySeverity(Query q) {
    List<Object> args = new ArrayList<>();
    StringBuilder where = where(q.withSeverity(null), args);
    Map<String, Long> out = new LinkedHashMap<>();
    for (var s : dev.haechi.core.Severity.values()) {
      out.put(s.label(), 0L);
    }
    jdbc.query(
        "SELECT severity, COUNT(*) FROM finding" + where + " GROUP BY severity",
        rs -> {
          out.put(rs.getString(1), rs.getLong(2));
        },
        args.toArray());
    return out;
  }

  /** Counts of the latest findings: capability → severity → count, every key present. */
  public Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String c : CAPABILITIES) {
      Map<String, Long> bySeverity = new LinkedHashMap<>();
      for (var s : dev.haechi.core.Severity.values()) {
        bySeverity.put(s.label(), 0L);
      }
      out.put(c, bySeverity);
    }
    jdbc.query(
        "SELECT capability, severity, COUNT(*) FROM finding WHERE run_id IN ("
            + LATEST_RUNS
            + ") GROUP BY capability, severity",
        rs -> {
          out.get(rs.getString(1)).put(rs.getString(2), rs.getLong(3));
        });
    return out;
  }

  /** The latest complete run of each capability and kind, newest first. */
  public List<Map<String, Object>> latestRuns() {
    return jdbc.queryForList(
        "SELECT id, capability, kind, source, as_of, finished_at FROM engine_run WHERE id IN ("
            + LATEST_RUNS
            + ") ORDER BY id DESC");
  }

  /** The {@code evidence_json} column's size ({@code VARCHAR(100000)}). */
  static final int EVIDENCE_COLUMN = 100_000;

  /**
   * A finding's evidence as stored: every line while the JSON fits the column; past it, the lines
   * that fit and a last line saying how many were left out (the engine's JSON output, {@code
   * --format json}, keeps them all). Engines write every line; showing fewer is the reader's job.
   */
  String evidenceJson(List<String> evidence) {
    String all = json.writeValueAsString(evidence);
    if (all.length() <= EVIDENCE_COLUMN) {
      return all;
    }
    List<String> kept = new ArrayList<>();
    int size = 2; // []
    int reserve = 200; // the last line below, quoted
    for (String line : evidence) {
      String quoted = json.writeValueAsString(line);
      if (quoted.length() > 4_000) {
        quoted = json.writeValueAsString(line = truncate(line, 2_000));
      }
      if (size + quoted.length() + 1 > EVIDENCE_COLUMN - reserve) {
        break;
      }
      kept.add(line);
      size += quoted.length() + 1;
    }
    int left = evidence.size() - kept.size();
    kept.add(
        "… and "
            + left
            + " more evidence lines, not kept by the console's store (the engine's --format json"
            + " output lists them all)");
    return json.writeValueAsString(kept);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
