package dev.haechi.app.api;

import dev.haechi.app.breach.BreachCases;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.hold.LegalHold;
import dev.haechi.breach.notice.NoticeDraft;
import dev.haechi.breach.notice.NotificationClock;
import dev.haechi.breach.scope.ScopeJson;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Breach response: scoping (FORMATS.md §5), incident cases, the 72-hour clock, legal holds. */
@RestController
@Tag(name = "breach")
public class BreachController {
  private final BreachCases cases;
  private final dev.haechi.app.breach.CaseEvidence evidence;
  private final dev.haechi.app.breach.NoticeSettings notice;
  private final JsonMapper json = JsonMapper.builder().build();

  public BreachController(
      BreachCases cases,
      dev.haechi.app.breach.CaseEvidence evidence,
      dev.haechi.app.breach.NoticeSettings notice) {
    this.notice = notice;
    this.cases = cases;
    this.evidence = evidence;
  }

  /** One of kid, principal, source_ips or alert; from/to ISO-8601 instants; caseId optional. */
  public record ScopeBody(
      String kid,
      String principal,
      List<String> sourceIps,
      Long alert,
      Instant from,
      Instant to,
      Long caseId) {}

  public record CaseBody(
      String title, String severity, Long alertId, String kid, String principal, Instant awareAt) {}

  public record NoteBody(String text) {}

  public record UpdateBody(String status, String assignee, String severity) {}

  public record HoldBody(Instant from, Instant to, String reason) {}

  public record DeleteBody(List<LocalDate> days) {}

  @PostMapping("/api/v1/breach/scopes")
  @Operation(summary = "Scope a compromised key, principal, addresses or alert (FORMATS.md §5)")
  public JsonNode scope(@RequestBody ScopeBody b, Authentication auth) {
    ScopeQuery q = query(b);
    return ScopeJson.toJson(cases.scope(b.caseId(), SecurityConfig.actor(auth), q));
  }

  ScopeQuery query(ScopeBody b) {
    List<String> ips = b.sourceIps() == null ? List.of() : b.sourceIps();
    int n =
        (b.kid() != null ? 1 : 0)
            + (b.principal() != null ? 1 : 0)
            + (ips.isEmpty() ? 0 : 1)
            + (b.alert() != null ? 1 : 0);
    if (n != 1) {
      throw new IllegalArgumentException(
          "give exactly one selector: kid, principal, sourceIps or alert");
    }
    if (b.kid() != null) {
      return ScopeQuery.of(ScopeQuery.Selector.KID, List.of(b.kid()), b.from(), b.to());
    }
    if (b.principal() != null) {
      return ScopeQuery.of(ScopeQuery.Selector.PRINCIPAL, List.of(b.principal()), b.from(), b.to());
    }
    if (!ips.isEmpty()) {
      return ScopeQuery.of(ScopeQuery.Selector.SOURCE_IP, ips, b.from(), b.to());
    }
    return cases.scopeForAlert(b.alert(), b.from(), b.to());
  }

  @GetMapping("/api/v1/breach/cases")
  @Operation(summary = "Incident cases, newest first")
  public List<BreachCases.Case> list() {
    return cases.list();
  }

  @PostMapping("/api/v1/breach/cases")
  @Operation(summary = "Open a case from an alert (alertId) or by hand (title)")
  public BreachCases.Case open(@RequestBody CaseBody b, Authentication auth) {
    return cases.open(
        SecurityConfig.actor(auth),
        b.title(),
        b.severity(),
        b.alertId(),
        b.kid(),
        b.principal(),
        b.awareAt());
  }

  @GetMapping("/api/v1/breach/cases/{id}")
  @Operation(summary = "A case: timeline, 72-hour clock, holds, notice drafts (KO, EN)")
  public Map<String, Object> get(@PathVariable long id) {
    BreachCases.Case c = cases.get(id);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("case", c);
    NotificationClock clock = NotificationClock.of(c.awareAt(), Instant.now());
    out.put(
        "clock",
        Map.of(
            "aware_at", c.awareAt().toString(),
            "deadline", clock.deadline().toString(),
            "late", clock.late(),
            "remaining", clock.describe()));
    out.put("timeline", cases.timeline(id));
    out.put("holds", cases.holds(id));
    ScopeResult r = cases.latestScope(id);
    out.put("notice_must_contain", NoticeDraft.REQUIRED_ITEMS);
    if (r != null) {
      out.put("scope", ScopeJson.toJson(r));
      out.put("notice_ko", NoticeDraft.korean(r, notice.contact()));
      out.put("notice_en", NoticeDraft.english(r, notice.contact()));
      out.put("notice_warnings", notice.contact().warnings());
    }
    return out;
  }

  @PostMapping("/api/v1/breach/cases/{id}/notes")
  @Operation(summary = "Add an analyst's note to the timeline")
  public List<BreachCases.Entry> note(
      @PathVariable long id, @RequestBody NoteBody b, Authentication auth) {
    cases.note(id, SecurityConfig.actor(auth), b.text());
    return cases.timeline(id);
  }

  @PostMapping("/api/v1/breach/cases/{id}/update")
  @Operation(summary = "Change status, assignee or severity")
  public BreachCases.Case update(
      @PathVariable long id, @RequestBody UpdateBody b, Authentication auth) {
    cases.update(id, SecurityConfig.actor(auth), b.status(), b.assignee(), b.severity());
    return cases.get(id);
  }

  @PostMapping("/api/v1/breach/cases/{id}/holds")
  @Operation(summary = "Place a legal hold on the case's key or principal in a range")
  public LegalHold hold(@PathVariable long id, @RequestBody HoldBody b, Authentication auth) {
    return cases.hold(id, SecurityConfig.actor(auth), b.from(), b.to(), b.reason());
  }

  @PostMapping("/api/v1/admin/breach/holds/{holdId}/release")
  @Operation(summary = "Release a hold (admin); it ends at the second release by another admin")
  public LegalHold release(@PathVariable String holdId, Authentication auth) {
    return cases.release(holdId, SecurityConfig.actor(auth));
  }

  @DeleteMapping("/api/v1/admin/events/days")
  @Operation(summary = "Delete whole days of events (admin); refused (409) under legal hold")
  public Map<String, Object> delete(@RequestBody DeleteBody b, Authentication auth) {
    var r = cases.deleteDays(b.days() == null ? List.of() : b.days(), SecurityConfig.actor(auth));
    return Map.of("deleted", r.deleted());
  }

  @PostMapping("/api/v1/breach/cases/{id}/findings")
  @Operation(summary = "Link Leaver Guard's latest findings on the case's key or person")
  public Map<String, Object> linkFindings(@PathVariable long id, Authentication auth) {
    int added = cases.linkFindings(id, SecurityConfig.actor(auth));
    return Map.of("linked", added, "timeline", cases.timeline(id));
  }

  @GetMapping("/api/v1/breach/cases/{id}/report")
  @Operation(summary = "The case as a report: format=markdown (default) or html")
  public ResponseEntity<String> report(
      @PathVariable long id,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "markdown")
          String format,
      Authentication auth) {
    return report(cases, evidence, id, format, SecurityConfig.actor(auth));
  }

  /** The report as a download (shared with the console); audited. */
  public static ResponseEntity<String> report(
      BreachCases cases,
      dev.haechi.app.breach.CaseEvidence evidence,
      long id,
      String format,
      String actor) {
    if (!format.equals("markdown") && !format.equals("html")) {
      throw new IllegalArgumentException("format: markdown or html, not " + format);
    }
    String body = cases.report(id, format, evidence.list(id), actor);
    return ResponseEntity.ok()
        .header(
            "Content-Type",
            format.equals("html") ? "text/html;charset=UTF-8" : "text/markdown;charset=UTF-8")
        .header(
            "Content-Disposition",
            "attachment; filename=\"case-" + id + (format.equals("html") ? ".html" : ".md") + "\"")
        .body(body);
  }

  @GetMapping("/api/v1/breach/cases/{id}/evidence")
  @Operation(summary = "The case's evidence files, each SHA-256 re-checked")
  public List<dev.haechi.app.breach.CaseEvidence.EvidenceFile> evidence(@PathVariable long id) {
    cases.get(id);
    return evidence.list(id);
  }

  @PostMapping(
      path = "/api/v1/breach/cases/{id}/evidence/{name}",
      consumes = org.springframework.http.MediaType.ALL_VALUE)
  @Operation(summary = "Add an evidence file (raw body); refused (409) to replace one under hold")
  public dev.haechi.app.breach.CaseEvidence.EvidenceFile addEvidence(
      @PathVariable long id,
      @PathVariable String name,
      jakarta.servlet.http.HttpServletRequest request,
      Authentication auth)
      throws java.io.IOException {
    try (java.io.InputStream in = request.getInputStream()) {
      return evidence.add(id, name, in, SecurityConfig.actor(auth));
    }
  }

  @DeleteMapping("/api/v1/breach/cases/{id}/evidence/{name}")
  @Operation(summary = "Delete an evidence file; refused (409) for everyone while the case is held")
  public Map<String, Object> deleteEvidence(
      @PathVariable long id, @PathVariable String name, Authentication auth) {
    evidence.delete(id, name, SecurityConfig.actor(auth));
    return Map.of("deleted", name);
  }

  @ExceptionHandler(HoldRefusedException.class)
  ResponseEntity<ProblemDetail> refused(HoldRefusedException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
  }
}
