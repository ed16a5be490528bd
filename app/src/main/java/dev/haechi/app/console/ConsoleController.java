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

  public ConsoleController(
      FindingStore findings,
      AuditLog audit,
      JsonMapper json,
      DemoProgress demo,
      dev.haechi.app.alerts.AlertStore alerts) {
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
    for (String source : List.of("identity", "detection")) {
      open.put(source, alerts.list(source, "open", 0, 1).total());
    }
    model.addAttribute("openAlerts", open);
    return "overview";
  }

  @GetMapping("/{capability:identity|detection|resilience|exercise}")
  public String capability(
      @PathVariable String capability,
      @RequestParam(required = false) String severity,
      @RequestParam(defaultValue = "0") int page,
      @RequestHeader(value = "HX-Request", required = false) String htmx,
      Model model) {
    if (severity != null && severity.isBlank()) {
      severity = null;
    }
    if (severity != null) {
      try {
        Severity.parse(severity);
      } catch (IllegalArgumentException e) {
        throw new ResponseStatusException(
            org.springframework.http.HttpStatus.BAD_REQUEST, e.getMessage());
      }
    }
    model.addAttribute("capability", capability);
    model.addAttribute("title", CAPABILITY_TITLES.get(capability));
    model.addAttribute("purpose", CAPABILITY_PURPOSE.get(capability));
    model.addAttribute("severity", severity);
    model.addAttribute("severities", Severity.values());
    model.addAttribute("findings", findings.list(capability, severity, Math.max(page, 0), 50));
    model.addAttribute("active", capability);
    return htmx != null ? "capability :: findings" : "capability";
  }
}
