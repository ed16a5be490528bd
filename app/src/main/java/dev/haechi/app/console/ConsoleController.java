package dev.haechi.app.console;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.demo.DemoProgress;
import dev.haechi.app.findings.FindingStore;
import dev.haechi.core.Severity;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/** The console's pages for everyone signed in: the overview and one page per capability. */
@Controller
public class ConsoleController {
  static final Map<String, String> CAPABILITY_TITLES =
      Map.of(
          "identity", "Leaver Guard",
          "detection", "Breach Watch",
          "resilience", "Resilience",
          "exercise", "Exercise");
  static final Map<String, String> CAPABILITY_PURPOSE =
      Map.of(
          "identity",
              "Every person, account and secret, and who held each: leavers' access found and"
                  + " removed, their keys rotated.",
          "detection",
              "Streaming Sigma detection that knows who left and which keys are retired; breach"
                  + " scoping for the 72-hour notification duty.",
          "resilience",
              "Sites, rooms, batteries, systems, data, backups and dependencies: risks found before"
                  + " the disaster, disasters simulated.",
          "exercise",
              "Scenarios that attack and break the organisation's own model and score the"
                  + " defence.");

  private final FindingStore findings;
  private final AuditLog audit;
  private final JsonMapper json;

  private final DemoProgress demo;
  private final dev.haechi.app.alerts.AlertStore alerts;
  private final Exports exports;
  private final dev.haechi.app.recovery.RecoveryService recovery;
  private final dev.haechi.app.status.StatusStore status;

  public ConsoleController(
      FindingStore findings,
      AuditLog audit,
      JsonMapper json,
      DemoProgress demo,
      dev.haechi.app.alerts.AlertStore alerts,
      Exports exports,
      dev.haechi.app.recovery.RecoveryService recovery,
      dev.haechi.app.status.StatusStore status) {
    this.recovery = recovery;
    this.status = status;
    this.exports = exports;
    this.alerts = alerts;
    this.findings = findings;
    this.audit = audit;
    this.json = json;
    this.demo = demo;
  }

  @GetMapping("/login")
  public String login() {
    return "login";
  }

  @GetMapping("/")
  public String overview(Model model) {
    var counts = findings.counts();
    model.addAttribute("counts", counts);
    model.addAttribute("countsJson", json.writeValueAsString(counts));
    model.addAttribute("titlesJson", json.writeValueAsString(CAPABILITY_TITLES));
    model.addAttribute("runs", findings.latestRuns());
    model.addAttribute("titles", CAPABILITY_TITLES);
    model.addAttribute("purpose", CAPABILITY_PURPOSE);
    model.addAttribute("recentAudit", audit.page(0, 8));
    model.addAttribute("active", "overview");
    model.addAttribute("demoStatus", demo.status());
    // the cards count open alerts (findings alone showed Breach Watch as 0 beside its alerts)
    Map<String, Long> open = new java.util.HashMap<>();
    for (String source : List.of("identity", "detection", "resilience")) {
      open.put(source, alerts.list(source, "open", 0, 1).total());
    }
    model.addAttribute("openAlerts", open);
    model.addAttribute("severities", Severity.values());
    // the live incident: the restoration under way and the public incidents still open
    recovery
        .current()
        .ifPresent(
            r -> {
              model.addAttribute("restoration", dev.haechi.app.recovery.RecoveryView.summary(r));
              model.addAttribute("restorationLabel", FireDrill.lossLabel(r.event(), r.lost()));
            });
    model.addAttribute(
        "incidents",
        status.incidents(20).stream().filter(i -> i.resolvedAt() == null).limit(3).toList());
    var openAll = alerts.list(null, "open", 0, 5);
    model.addAttribute("openAlertCount", openAll.total());
    model.addAttribute("latestOpenAlerts", openAll.items());
    return "overview";
  }

  @GetMapping("/{capability:identity|detection|resilience}")
  public String capability(
      @PathVariable String capability,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String person,
      @RequestParam(required = false) String system,
      @RequestParam(required = false) String secret,
      @RequestParam(defaultValue = "0") int page,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model) {
    FindingStore.Query query = query(capability, severity, type, q, person, system, secret);
    model.addAttribute("capability", capability);
    model.addAttribute("title", CAPABILITY_TITLES.get(capability));
    model.addAttribute("purpose", CAPABILITY_PURPOSE.get(capability));
    model.addAttribute("query", query);
    model.addAttribute("severity", query.severity());
    model.addAttribute("severities", Severity.values());
    model.addAttribute("findings", findings.search(query, Math.max(page, 0), 50));
    model.addAttribute("byType", findings.countsByType(query));
    model.addAttribute("bySeverity", findings.countsBySeverity(query));
    model.addAttribute("active", capability);
    return htmx != null ? "capability :: results" : "capability";
  }

  /** The filtered findings (every page) as CSV or JSON. */
  @GetMapping(value = "/{capability:identity|detection|resilience}", params = "format")
  public org.springframework.http.ResponseEntity<byte[]> export(
      @PathVariable String capability,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String type,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String person,
      @RequestParam(required = false) String system,
      @RequestParam(required = false) String secret,
      @RequestParam String format,
      org.springframework.security.core.Authentication auth) {
    Exports.format(format);
    FindingStore.Query query = query(capability, severity, type, q, person, system, secret);
    var t =
        Exports.Table.of(
            List.of("id", "severity", "type", "title", "subject", "evidence", "remedy"));
    for (var f : findings.search(query, 0, Exports.MAX_ROWS).items()) {
      List<String> subject = new java.util.ArrayList<>();
      f.subject().forEach((k, v) -> subject.add(k + "=" + v));
      t.add(
          f.id(),
          f.severity(),
          f.type(),
          f.title(),
          String.join("; ", subject),
          f.evidence(),
          f.remedy());
    }
    return exports.download(auth, capability + "-findings", format, t);
  }

  private static FindingStore.Query query(
      String capability,
      String severity,
      String type,
      String q,
      String person,
      String system,
      String secret) {
    if (severity != null && !severity.isBlank()) {
      try {
        severity = Severity.parse(severity).label();
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(
            org.springframework.http.HttpStatus.BAD_REQUEST, e.getMessage());
      }
    }
    if (q != null && q.length() > 200) {
      throw new ResponseStatusException(
          org.springframework.http.HttpStatus.BAD_REQUEST, "q: at most 200 characters");
    }
    return new FindingStore.Query(capability, severity, type, q, person, system, secret);
  }
}
