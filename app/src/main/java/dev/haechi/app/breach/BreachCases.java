package dev.haechi.app.breach;

import dev.haechi.app.alerts.Alert;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.findings.FindingStore;
import dev.haechi.app.findings.StoredFinding;
import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.hold.LegalHold;
import dev.haechi.breach.scope.ScopeJson;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.breach.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Incident cases: opened from an alert or by hand, with a timeline of the alert, scopings, notes,
 * holds and refused deletions; the access-event store ({@code $HAECHI_HOME/events}) they scope and
 * hold. Every change is audited.
 */
@Component
public class BreachCases {
  /** A case as listed. */
  public record Case(
      long id,
      String title,
      String status,
      String severity,
      String assignee,
      Long alertId,
      String kid,
      String principal,
      Instant awareAt,
      Instant openedAt,
      String openedBy) {}

  /** One timeline entry. */
  public record Entry(long id, Instant at, String kind, String actor, String text, String data) {}

  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final AlertStore alerts;
  private final Path storeDir;
  private final FindingStore findings;
  private final JsonMapper json = JsonMapper.builder().build();

  public BreachCases(
      JdbcTemplate jdbc,
      AuditLog audit,
      AlertStore alerts,
      FindingStore findings,
      @Value("${haechi.home:./data}") String home) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.alerts = alerts;
    this.findings = findings;
    this.storeDir = Path.of(home).resolve("events");
  }

  public EventStore store() {
    return EventStore.open(storeDir);
  }

  public Case open(
      String actor,
      String title,
      String severity,
      Long alertId,
      String kid,
      String principal,
      Instant awareAt) {
    if ((title == null || title.isBlank()) && alertId == null) {
      throw new IllegalArgumentException(
          "title: required when the case is not opened from an alert");
    }
    Alert alert = null;
    if (alertId != null) {
      alert = alerts.get(alertId);
      if (kid == null && principal == null) {
        ScopeQuery q =
            AlertSelector.query(json.writeValueAsString(alert.details()), alertId, null, null);
        if (q.selector() == ScopeQuery.Selector.KID) {
          kid = q.values().get(0);
        } else if (q.selector() == ScopeQuery.Selector.PRINCIPAL) {
          principal = q.values().get(0);
        }
      }
      title = title == null || title.isBlank() ? alert.title() : title;
      severity = severity == null ? alert.severity() : severity;
    }
    Instant now = Instant.now();
    Instant aware = awareAt == null ? now : awareAt;
    jdbc.update(
        "INSERT INTO breach_case (title, status, severity, assignee, alert_id, kid, principal,"
            + " aware_at, opened_at, opened_by) VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)",
        title,
        severity == null ? "high" : severity,
        null,
        alertId,
        kid,
        principal,
        utc(aware),
        utc(now),
        actor);
    long id = jdbc.queryForObject("SELECT MAX(id) FROM breach_case", Long.class);
    if (alert != null) {
      var window = AlertSelector.activity(json.valueToTree(alert.details()));
      entry(
          id,
          "alert",
          actor,
          "Alert #"
              + alert.id()
              + ": "
              + alert.title()
              + " (activity "
              + window.first()
              + " – "
              + window.last()
              + ", received "
              + alert.firstSeen()
              + ")",
          null);
    }
    audit.append(actor, "breach.case.open", "case:" + id, title);
    linkFindings(id, actor);
    return get(id);
  }

  /**
   * Pulls Leaver Guard's latest findings about the case's key or person into the timeline (each
   * once): a finding matches when its subject names the principal or the key, or its title or
   * evidence (the custodian who left, the Vault export line) names the key. Returns how many were
   * added.
   */
  public int linkFindings(long caseId, String actor) {
    Case c = get(caseId);
    if (c.kid() == null && c.principal() == null) {
      return 0;
    }
    java.util.Set<Long> linked = new java.util.HashSet<>();
    for (String data :
        jdbc.queryForList(
            "SELECT data FROM breach_case_entry WHERE case_id = ? AND kind = 'finding'",
            String.class,
            caseId)) {
      if (data != null) {
        linked.add(json.readTree(data).path("finding_id").asLong());
      }
    }
    int added = 0;
    for (StoredFinding f : findings.list("identity", null, 0, 100_000).items()) {
      if (linked.contains(f.id()) || !matches(f, c.kid(), c.principal())) {
        continue;
      }
      java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
      d.put("finding_id", f.id());
      d.put("type", f.type());
      d.put("severity", f.severity());
      d.put("title", f.title());
      d.put("subject", f.subject());
      d.put("evidence", evidenceForTimeline(f.evidence()));
      entry(
          caseId,
          "finding",
          actor,
          "Leaver Guard ("
              + f.severity()
              + "): "
              + f.title()
              + (f.evidence().isEmpty()
                  ? ""
                  : " — evidence: " + String.join(" | ", evidenceForTimeline(f.evidence()))),
          json.writeValueAsString(d));
      added++;
    }
    if (added > 0) {
      audit.append(actor, "breach.case.findings", "case:" + caseId, added + " linked");
    }
    return added;
  }

  /** Evidence lines a timeline entry keeps (its data column holds 60,000 characters). */
  static final int TIMELINE_EVIDENCE_LINES = 50;

  /**
   * A finding's evidence as a case timeline keeps it: the first {@value #TIMELINE_EVIDENCE_LINES}
   * lines (each at most 1,000 characters) and, past them, one line counting the rest, which the
   * finding itself keeps on the Leaver Guard page.
   */
  static List<String> evidenceForTimeline(List<String> evidence) {
    List<String> out = new java.util.ArrayList<>();
    for (String line : evidence.subList(0, Math.min(TIMELINE_EVIDENCE_LINES, evidence.size()))) {
      out.add(line.length() > 1_000 ? line.substring(0, 999) + "…" : line);
    }
    if (evidence.size() > TIMELINE_EVIDENCE_LINES) {
      out.add(
          "… and "
              + (evidence.size() - TIMELINE_EVIDENCE_LINES)
              + " more evidence lines (the finding on the Leaver Guard page has them all)");
    }
    return out;
  }

  static boolean matches(StoredFinding f, String kid, String principal) {
    if (principal != null && f.subject().containsValue(principal)) {
      return true;
    }
    if (kid == null) {
      return false;
    }
    if (f.subject().containsValue(kid) || mentions(f.title(), kid)) {
      return true;
    }
    return f.evidence().stream().anyMatch(e -> mentions(e, kid));
  }

  /** {@code text} names {@code token} as a whole word (auth-2022-01 is not auth-2022-011). */
  static boolean mentions(String text, String token) {
    if (text == null) {
      return false;
    }
    int i = text.indexOf(token);
    while (i >= 0) {
      int end = i + token.length();
      boolean before = i == 0 || !wordChar(text.charAt(i - 1));
      boolean after = end == text.length() || !wordChar(text.charAt(end));
      if (before && after) {
        return true;
      }
      i = text.indexOf(token, i + 1);
    }
    return false;
  }

  private static boolean wordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '-' || c == '_';
  }

  public Case get(long id) {
    List<Case> c = jdbc.query("SELECT * FROM breach_case WHERE id = ?", (rs, n) -> row(rs), id);
    if (c.isEmpty()) {
      throw new IllegalArgumentException("no case " + id);
    }
    return c.get(0);
  }

  public List<Case> list() {
    return jdbc.query("SELECT * FROM breach_case ORDER BY id DESC", (rs, n) -> row(rs));
  }

  public List<Entry> timeline(long id) {
    return jdbc.query(
        "SELECT * FROM breach_case_entry WHERE case_id = ? ORDER BY at, id",
        (rs, n) ->
            new Entry(
                rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("kind"),
                rs.getString("actor"),
                rs.getString("text"),
                rs.getString("data")),
        id);
  }

  public void note(long id, String actor, String text) {
    get(id);
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text: required");
    }
    entry(id, "note", actor, text, null);
    audit.append(actor, "breach.case.note", "case:" + id, text);
  }

  public void update(long id, String actor, String status, String assignee, String severity) {
    get(id);
    if (status != null) {
      if (!List.of("open", "contained", "notified", "closed").contains(status)) {
        throw new IllegalArgumentException("status: open, contained, notified or closed");
      }
      jdbc.update("UPDATE breach_case SET status = ? WHERE id = ?", status, id);
    }
    if (assignee != null) {
      jdbc.update("UPDATE breach_case SET assignee = ? WHERE id = ?", assignee, id);
    }
    if (severity != null) {
      jdbc.update("UPDATE breach_case SET severity = ? WHERE id = ?", severity, id);
    }
    String what = "status=" + status + " assignee=" + assignee + " severity=" + severity;
    entry(id, "update", actor, what, null);
    audit.append(actor, "breach.case.update", "case:" + id, what);
  }

  /** Runs a scoping (and records it on the case's timeline when {@code caseId} is given). */
  public ScopeResult scope(Long caseId, String actor, ScopeQuery q) {
    ScopeResult r = store().scope(q, false);
    String text =
        r.subjects()
            + " people disclosed, "
            + r.requests()
            + " requests, "
            + r.query().selector().field()
            + " "
            + String.join(",", r.query().values())
            + (r.complete() ? "" : " — INCOMPLETE: " + r.errors());
    if (caseId != null) {
      get(caseId);
      entry(caseId, "scope", actor, text, ScopeJson.write(r));
    }
    audit.append(actor, "breach.scope", caseId == null ? "events" : "case:" + caseId, text);
    return r;
  }

  /** The selector of a stored alert. */
  public ScopeQuery scopeForAlert(long alertId, Instant from, Instant to) {
    Alert a = alerts.get(alertId);
    return AlertSelector.query(json.writeValueAsString(a.details()), alertId, from, to);
  }

  /** The case as a Markdown or HTML report; the export is audited. */
  public String report(
      long id, String format, List<CaseEvidence.EvidenceFile> files, String actor) {
    Case c = get(id);
    Instant now = Instant.now();
    CaseReport.Content x =
        new CaseReport.Content(
            c,
            dev.haechi.breach.notice.NotificationClock.of(c.awareAt(), now),
            latestScope(id),
            holds(id),
            files,
            timeline(id),
            now,
            actor);
    audit.append(actor, "breach.case.export", "case:" + id, format);
    return format.equals("html") ? CaseReport.html(x) : CaseReport.markdown(x);
  }

  /** The newest scoping recorded on a case, or null. */
  public ScopeResult latestScope(long caseId) {
    List<String> data =
        jdbc.queryForList(
            "SELECT data FROM breach_case_entry WHERE case_id = ? AND kind = 'scope' ORDER BY id"
                + " DESC",
            String.class,
            caseId);
    return data.isEmpty() ? null : ScopeJson.read(data.get(0));
  }

  public LegalHold hold(long caseId, String actor, Instant from, Instant to, String reason) {
    Case c = get(caseId);
    try {
      LegalHold h =
          store()
              .placeHold(
                  "case:" + caseId, c.kid(), c.principal(), List.of(), from, to, reason, actor);
      entry(caseId, "hold", actor, "Legal hold " + h.id() + " placed: " + describe(h), null);
      audit.append(actor, "breach.hold.place", h.id(), "case:" + caseId + " " + describe(h));
      return h;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public LegalHold release(String holdId, String admin) {
    try {
      LegalHold h = store().releaseHold(holdId, admin);
      audit.append(
          admin,
          "breach.hold.release",
          holdId,
          h.active()
              ? "first release; a second admin must release"
              : "released by " + h.releasedBy());
      caseOf(h)
          .ifPresent(
              id ->
                  entry(
                      id,
                      "hold",
                      admin,
                      "Hold "
                          + holdId
                          + " released by "
                          + admin
                          + (h.active() ? " (one of two)" : " — hold ended"),
                      null));
      return h;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      audit.append(admin, "breach.hold.release-refused", holdId, e.getMessage());
      throw e;
    }
  }

  /** A user's attempt to delete days of events: refused under hold; audited either way. */
  public EventStore.DeletionResult deleteDays(List<LocalDate> days, String actor) {
    try {
      EventStore.DeletionResult r = store().deleteDays(days, actor);
      audit.append(actor, "events.delete", "events", "deleted " + r.deleted());
      return r;
    } catch (HoldRefusedException e) {
      audit.append(actor, "events.delete-refused", "events", e.getMessage());
      for (LegalHold h : store().state().activeHolds()) {
        caseOf(h)
            .ifPresent(
                id ->
                    entry(
                        id,
                        "refused",
                        actor,
                        "Deletion of " + days + " refused: " + e.getMessage(),
                        null));
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<LegalHold> holds(long caseId) {
    return store().state().holds().stream()
        .filter(h -> ("case:" + caseId).equals(h.caseRef()))
        .toList();
  }

  private static java.util.Optional<Long> caseOf(LegalHold h) {
    if (h.caseRef() != null && h.caseRef().startsWith("case:")) {
      return java.util.Optional.of(Long.parseLong(h.caseRef().substring(5)));
    }
    return java.util.Optional.empty();
  }

  static String describe(LegalHold h) {
    return (h.kid() != null ? "token.kid " + h.kid() + " " : "")
        + (h.principal() != null ? "user.id " + h.principal() + " " : "")
        + "["
        + (h.from() == null ? "…" : h.from())
        + ", "
        + (h.to() == null ? "…" : h.to())
        + ")";
  }

  void entry(long caseId, String kind, String actor, String text, String data) {
    jdbc.update(
        "INSERT INTO breach_case_entry (case_id, at, kind, actor, text, data) VALUES (?, ?, ?, ?,"
            + " ?, ?)",
        caseId,
        utc(Instant.now()),
        kind,
        actor,
        text.length() > 4000 ? text.substring(0, 4000) : text,
        data);
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Case row(java.sql.ResultSet rs) throws java.sql.SQLException {
    long alert = rs.getLong("alert_id");
    Long alertId = rs.wasNull() ? null : alert;
    return new Case(
        rs.getLong("id"),
        rs.getString("title"),
        rs.getString("status"),
        rs.getString("severity"),
        rs.getString("assignee"),
        alertId,
        rs.getString("kid"),
        rs.getString("principal"),
        rs.getObject("aware_at", OffsetDateTime.class).toInstant(),
        rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
        rs.getString("opened_by"));
  }
}
