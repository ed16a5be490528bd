package dev.haechi.app.resilience;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.cli.FindingReport;
import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.live.BadLine;
import dev.haechi.resilience.live.LiveCheck;
import dev.haechi.resilience.live.LiveOptions;
import dev.haechi.resilience.live.LiveReport;
import dev.haechi.resilience.live.LiveResult;
import dev.haechi.resilience.live.LiveState;
import dev.haechi.resilience.live.ReportBatch;
import dev.haechi.resilience.live.ReportReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's live RPO check (issue 14): posted reports are stored, the live findings are
 * recomputed at once (and every minute, because silence is a finding), a finding that opens raises
 * an alert (queue and webhook), and one whose condition cleared closes itself and its alert. These
 * findings are internal: nothing here reaches the public status page.
 */
@Service
public class LiveResilience {
  /** Reports older than this are not read back (restore tests are overdue after 90 days). */
  static final Duration WINDOW = Duration.ofDays(120);

  private static final String ALERT_SOURCE = "resilience";
  private static final String SYSTEM = "system:live-resilience";

  private final JdbcTemplate jdbc;
  private final CatalogStore catalogs;
  private final AlertStore alerts;
  private final AuditLog audit;
  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<String, Instant> pinned = new ConcurrentHashMap<>();
  private final Map<String, LiveResult> latest = new ConcurrentHashMap<>();
  // Per catalog: the reports read so far (per entity) and the last stored row applied, so that a
  // re-check reads and parses only the rows stored since (issue 14 item 5).
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  private static final class Held {
    final Catalog catalog;
    final LiveState state;
    long lastId;

    Held(Catalog catalog) {
      this.catalog = catalog;
      this.state = new LiveState(catalog, WINDOW, ReportReader.DEFAULT_SKEW);
    }
  }

  /** Parses stored rows whatever their date; the check picks those of its window. */
  private static final Instant FAR = Instant.parse("9999-01-01T00:00:00Z");

  public LiveResilience(
      JdbcTemplate jdbc, CatalogStore catalogs, AlertStore alerts, AuditLog audit) {
    this.jdbc = jdbc;
    this.catalogs = catalogs;
    this.alerts = alerts;
    this.audit = audit;
  }

  /** What a post did. */
  public record Ingested(
      int accepted,
      List<String> bad,
      List<String> future,
      Instant asOf,
      List<String> opened,
      List<String> closed,
      int open) {}

  /**
   * Pins a catalog's check time (the demo checks its generated week as of its end); null unpins.
   */
  public void pinAsOf(String catalog, Instant asOf) {
    if (asOf == null) {
      pinned.remove(catalog);
    } else {
      pinned.put(catalog, asOf);
    }
  }

  public Instant asOf(String catalog) {
    return pinned.getOrDefault(catalog, Instant.now());
  }

  /** Stores the usable lines of {@code body} and re-checks the catalog. */
  public Ingested ingest(String actor, String catalogName, String body) {
    return ingest(actor, catalogName, null, body);
  }

  /**
   * Stores the usable lines of {@code body} and re-checks the catalog; lines are named {@code
   * source:N} (default: who posted it when).
   */
  public synchronized Ingested ingest(
      String actor, String catalogName, String sourceName, String body) {
    Catalog catalog = catalog(catalogName);
    Instant now = Instant.now();
    Instant asOf = asOf(catalogName);
    String source = sourceName != null ? sourceName : "posted " + now + " by " + actor;
    ReportReader reader = new ReportReader(catalog, asOf, ReportReader.DEFAULT_SKEW);
    List<Object[]> rows = new ArrayList<>();
    long n = 0;
    try (BufferedReader in = new BufferedReader(new StringReader(body))) {
      String line;
      while ((line = in.readLine()) != null) {
        n++;
        int before = reader.used();
        reader.line(source, n, line);
        if (reader.used() > before) {
          LiveReport r = reader.lastUsed();
          if (line.length() > 4000) {
            continue;
          }
          rows.add(
              new Object[] {
                catalogName,
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC),
                OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC),
                kind(r),
                r.of().toString(),
                source,
                n,
                line
              });
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ReportBatch batch = reader.batch();
    jdbc.batchUpdate(
        "INSERT INTO resilience_report (catalog_name, received_at, report_time, kind, entity,"
            + " origin_source, origin_line, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
    audit.append(
        actor,
        "resilience.reports",
        "catalog:" + catalogName,
        rows.size()
            + " reports, "
            + batch.bad().size()
            + " bad, "
            + batch.future().size()
            + " future");
    Change change = recheck(catalogName);
    return new Ingested(
        rows.size(),
        batch.bad().stream().map(BadLine::toString).toList(),
        batch.future().stream().map(BadLine::toString).toList(),
        asOf,
        change.opened,
        change.closed,
        latest.get(catalogName).findings().size());
  }

  public record Change(List<String> opened, List<String> closed) {}

  /** Every minute: re-check each catalog that has reports, so that silence opens findings. */
  @Scheduled(fixedDelayString = "${haechi.resilience.live-check-ms:60000}", initialDelay = 60000)
  public void tick() {
    for (String name :
        jdbc.queryForList("SELECT DISTINCT catalog_name FROM resilience_report", String.class)) {
      if (catalogs.latest(name).isPresent()) {
        recheck(name);
      }
    }
  }

  /** Recomputes a catalog's live findings, opening and closing them (and their alerts). */
  public synchronized Change recheck(String catalogName) {
    Catalog catalog = catalog(catalogName);
    Instant asOf = asOf(catalogName);
    LiveResult result = incremental(catalogName, catalog, asOf);
    latest.put(catalogName, result);
    Map<String, Finding> now = new LinkedHashMap<>();
    for (Finding f : result.findings()) {
      now.put(key(f), f);
    }
    Map<String, Long> open = new HashMap<>();
    Map<String, Long> alertOf = new HashMap<>();
    jdbc.query(
        "SELECT id, finding_key, alert_id FROM resilience_live_finding WHERE catalog_name = ? AND"
            + " closed_at IS NULL",
        rs -> {
          open.put(rs.getString("finding_key"), rs.getLong("id"));
          long a = rs.getLong("alert_id");
          if (!rs.wasNull()) {
            alertOf.put(rs.getString("finding_key"), a);
          }
        },
        catalogName);
    OffsetDateTime stamp = OffsetDateTime.now(ZoneOffset.UTC);
    List<String> opened = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (Map.Entry<String, Finding> e : now.entrySet()) {
      if (open.containsKey(e.getKey())) {
        continue;
      }
      Finding f = e.getValue();
      Map<String, Object> details = new LinkedHashMap<>(FindingReport.toJson(f));
      details.put("catalog", catalogName);
      details.put("asOf", asOf.toString());
      AlertStore.Raised raised =
          alerts.raise(
              ALERT_SOURCE,
              f.type(),
              f.title(),
              f.severity().label(),
              "live:" + catalogName + ":" + e.getKey() + ":" + stamp.toInstant(),
              details);
      jdbc.update(
          "INSERT INTO resilience_live_finding (catalog_name, finding_key, type, entity, severity,"
              + " title, finding, opened_at, alert_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          catalogName,
          e.getKey(),
          f.type(),
          f.subject().getOrDefault("entity", ""),
          f.severity().label(),
          clip(f.title(), 1000),
          clip(json.writeValueAsString(FindingReport.toJson(f)), 20000),
          stamp,
          raised.id());
      opened.add(e.getKey());
    }
    for (Map.Entry<String, Long> e : open.entrySet()) {
      if (now.containsKey(e.getKey())) {
        continue;
      }
      jdbc.update(
          "UPDATE resilience_live_finding SET closed_at = ? WHERE id = ?", stamp, e.getValue());
      Long alert = alertOf.get(e.getKey());
      if (alert != null && !"closed".equals(alerts.get(alert).status())) {
        alerts.setStatus(SYSTEM, alert, "closed");
      }
      closed.add(e.getKey());
    }
    if (!opened.isEmpty() || !closed.isEmpty()) {
      audit.append(
          SYSTEM,
          "resilience.live-findings",
          "catalog:" + catalogName,
          opened.size() + " opened, " + closed.size() + " closed as of " + asOf);
    }
    return new Change(opened, closed);
  }

  /** The newest check of a catalog (computed now when there is none yet). */
  public LiveResult current(String catalogName) {
    LiveResult r = latest.get(catalogName);
    if (r == null) {
      recheck(catalogName);
      r = latest.get(catalogName);
    }
    return r;
  }

  /** Open and closed live findings of a catalog, newest first. */
  public List<Map<String, Object>> findingHistory(String catalogName, String entity, int limit) {
    return jdbc.query(
        "SELECT type, entity, severity, title, opened_at, closed_at, alert_id FROM"
            + " resilience_live_finding WHERE catalog_name = ? AND (? = '' OR entity = ?) ORDER BY"
            + " opened_at DESC, id DESC LIMIT ?",
        (rs, i) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("type", rs.getString("type"));
          m.put("entity", rs.getString("entity"));
          m.put("severity", rs.getString("severity"));
          m.put("title", rs.getString("title"));
          m.put("openedAt", rs.getObject("opened_at", OffsetDateTime.class).toInstant());
          OffsetDateTime c = rs.getObject("closed_at", OffsetDateTime.class);
          m.put("closedAt", c == null ? null : c.toInstant());
          m.put("alert", rs.getObject("alert_id"));
          return m;
        },
        catalogName,
        entity == null ? "" : entity,
        entity == null ? "" : entity,
        limit);
  }

  /** One entity's timeline: lag samples per zone and backup runs over the window, for the chart. */
  public Map<String, Object> timeline(String catalogName, String entity) {
    Catalog catalog = catalog(catalogName);
    Instant asOf = asOf(catalogName);
    Map<String, List<Map<String, Object>>> lag = new TreeMap<>();
    List<Map<String, Object>> runs = new ArrayList<>();
    List<Map<String, Object>> tests = new ArrayList<>();
    for (LiveReport r : reports(catalogName, catalog, asOf)) {
      if (!r.of().toString().equals(entity)) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("time", r.time());
      if (r instanceof LiveReport.ReplicationSample s) {
        m.put("lagSeconds", s.lag().toMillis() / 1000.0);
        lag.computeIfAbsent(s.zone(), k -> new ArrayList<>()).add(m);
      } else if (r instanceof LiveReport.BackupRun b) {
        m.put("backup", b.backup());
        m.put("success", b.success());
        m.put("completed", b.completed());
        runs.add(m);
      } else if (r instanceof LiveReport.RestoreTest t) {
        m.put("backup", t.backup());
        m.put("success", t.success());
        tests.add(m);
      }
    }
    lag.values().forEach(l -> l.sort(java.util.Comparator.comparing(m -> (Instant) m.get("time"))));
    runs.sort(java.util.Comparator.comparing(m -> (Instant) m.get("time")));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("entity", entity);
    out.put("asOf", asOf);
    out.put("lag", lag);
    out.put("backupRuns", runs);
    out.put("restoreTests", tests);
    catalog
        .workload(
            dev.haechi.resilience.catalog.EntityRef.parse(
                entity, null, dev.haechi.resilience.catalog.EntityRef.DEFAULT_NAMESPACE))
        .ifPresent(w -> out.put("rpoSeconds", w.rpo() == null ? null : w.rpo().getSeconds()));
    return out;
  }

  /**
   * The check over the catalog's held reports after applying the rows stored since the last one;
   * everything is read again when the catalog changed or the check goes back before the window
   * held.
   */
  private LiveResult incremental(String catalogName, Catalog catalog, Instant asOf) {
    Held h = held.get(catalogName);
    if (h == null || h.catalog != catalog || !h.state.covers(asOf)) {
      h = new Held(catalog);
      held.put(catalogName, h);
    }
    Held into = h;
    ReportReader reader = new ReportReader(catalog, FAR, java.time.Duration.ZERO);
    long[] last = {h.lastId};
    jdbc.query(
        "SELECT id, origin_source, origin_line, line FROM resilience_report WHERE catalog_name = ?"
            + " AND id > ? AND report_time >= ? ORDER BY id",
        rs -> {
          rowsRead.incrementAndGet();
          last[0] = Math.max(last[0], rs.getLong(1));
          reader.line(rs.getString(2), rs.getLong(3), rs.getString(4));
        },
        catalogName,
        h.lastId,
        OffsetDateTime.ofInstant(asOf.minus(WINDOW), ZoneOffset.UTC));
    reader.batch().reports().forEach(into.state::add);
    h.lastId = last[0];
    return h.state.check(asOf, LiveOptions.DEFAULTS);
  }

  /** Stored report rows read by re-checks so far (a re-check reads only the new ones). */
  long rowsRead() {
    return rowsRead.get();
  }

  private final java.util.concurrent.atomic.AtomicLong rowsRead =
      new java.util.concurrent.atomic.AtomicLong();

  /** The reference for {@link #incremental}: every stored row of the window read again. */
  LiveResult fullCheck(String catalogName) {
    Catalog catalog = catalog(catalogName);
    Instant asOf = asOf(catalogName);
    return LiveCheck.check(
        catalog, reports(catalogName, catalog, asOf), asOf, LiveOptions.DEFAULTS);
  }

  private List<LiveReport> reports(String catalogName, Catalog catalog, Instant asOf) {
    ReportReader reader = new ReportReader(catalog, asOf, ReportReader.DEFAULT_SKEW);
    jdbc.query(
        "SELECT origin_source, origin_line, line FROM resilience_report WHERE catalog_name = ? AND"
            + " report_time >= ? AND report_time <= ? ORDER BY id",
        rs -> {
          reader.line(rs.getString(1), rs.getLong(2), rs.getString(3));
        },
        catalogName,
        OffsetDateTime.ofInstant(asOf.minus(WINDOW), ZoneOffset.UTC),
        OffsetDateTime.ofInstant(asOf.plus(ReportReader.DEFAULT_SKEW), ZoneOffset.UTC));
    return reader.batch().reports();
  }

  private Catalog catalog(String name) {
    return catalogs
        .latest(name)
        .orElseThrow(() -> new IllegalArgumentException("no catalog named '" + name + "'"))
        .loaded()
        .catalog();
  }

  private static String key(Finding f) {
    return f.type() + " " + new TreeMap<>(f.subject());
  }

  private static String kind(LiveReport r) {
    return r instanceof LiveReport.ReplicationSample
        ? "replication"
        : r instanceof LiveReport.BackupRun ? "backup" : "restore-test";
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
