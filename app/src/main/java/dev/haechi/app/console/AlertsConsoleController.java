package dev.haechi.app.console;

import dev.haechi.app.alerts.Alert;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.rules.FieldCondition;
import dev.haechi.detection.rules.SearchIdentifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The alert queue of both capabilities, one alert's detail (for a detection alert: the rule, the
 * event's fields with those the rule tests highlighted, the correlated events), and Breach Watch's
 * rule inventory with load problems.
 */
@Controller
public class AlertsConsoleController {
  private final AlertStore alerts;
  private final DetectionService detection;
  private final IncidentStory story;
  private final Exports exports;

  public AlertsConsoleController(
      AlertStore alerts, DetectionService detection, IncidentStory story, Exports exports) {
    this.alerts = alerts;
    this.detection = detection;
    this.story = story;
    this.exports = exports;
  }

  /** The list's filters as the page and the export read them from the query string. */
  static AlertStore.Filter filter(
      String source,
      String status,
      String severity,
      String rule,
      String title,
      String from,
      String to,
      String kid) {
    return new AlertStore.Filter(
        blank(source),
        blank(status),
        blank(severity),
        blank(rule),
        blank(title),
        day(from, "from", 0),
        day(to, "to", 1),
        blank(kid));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static java.time.Instant day(String s, String field, int plusDays) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return java.time.LocalDate.parse(s.trim())
          .plusDays(plusDays)
          .atStartOfDay(java.time.ZoneOffset.UTC)
          .toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, field + ": a date such as 2026-12-06, not '" + s + "'");
    }
  }

  @GetMapping("/alerts")
  public String list(
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String title,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String kid,
      @RequestParam(defaultValue = "grouped") String view,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    AlertStore.Filter f = filter(source, status, severity, rule, title, from, to, kid);
    boolean grouped = !"each".equals(view);
    try {
      if (grouped) {
        var groups = alerts.groups(f, Math.max(0, page), 50);
        model.addAttribute("groups", groups);
        model.addAttribute("paged", groups);
      } else {
        var listed = alerts.list(f, Math.max(0, page), 50);
        model.addAttribute("alerts", listed);
        model.addAttribute("activity", activity(listed.items()));
        model.addAttribute("paged", listed);
      }
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    model.addAttribute("grouped", grouped);
    model.addAttribute("f", f);
    model.addAttribute("from", blank(from));
    model.addAttribute("to", blank(to));
    model.addAttribute("ruleIds", alerts.ruleIds());
    model.addAttribute("ruleTitles", ruleTitles());
    model.addAttribute("source", f.source());
    model.addAttribute("status", f.status());
    model.addAttribute(
        "active",
        "detection".equals(f.source())
            ? "detection"
            : "identity".equals(f.source()) ? "identity" : "overview");
    return "alerts";
  }

  /**
   * The filtered alerts (every page) as CSV or JSON: one row per alert, or with {@code
   * view=grouped} one row per rule and principal, the rows the page shows by default.
   */
  @GetMapping(value = "/alerts", params = "format")
  public org.springframework.http.ResponseEntity<byte[]> export(
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String title,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String kid,
      @RequestParam(defaultValue = "each") String view,
      @RequestParam String format,
      Authentication auth) {
    Exports.format(format);
    if (!"each".equals(view) && !"grouped".equals(view)) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "view: 'each' or 'grouped', not '" + view + "'");
    }
    AlertStore.Filter f = filter(source, status, severity, rule, title, from, to, kid);
    if ("grouped".equals(view)) {
      return exportGroups(f, format, auth);
    }
    var listed = alerts.list(f, 0, Exports.MAX_ROWS);
    var acts = activity(listed.items());
    Map<String, String> titles = ruleTitles();
    var t =
        Exports.Table.of(
            List.of(
                "id",
                "source",
                "severity",
                "rule_id",
                "rule_title",
                "title",
                "status",
                "occurrences",
                "activity_first",
                "activity_last",
                "received_first",
                "received_last"));
    for (Alert a : listed.items()) {
      var w = acts.get(a.id());
      t.add(
          a.id(),
          a.source(),
          a.severity(),
          a.ruleId(),
          ruleTitle(titles, a.source(), a.ruleId()),
          a.title(),
          a.status(),
          a.occurrences(),
          w == null ? null : w.first(),
          w == null ? null : w.last(),
          a.firstSeen(),
          a.lastSeen());
    }
    return exports.download(auth, "alerts", format, t);
  }

  /** One row per group of alerts (rule and principal), as the list shows them. */
  private org.springframework.http.ResponseEntity<byte[]> exportGroups(
      AlertStore.Filter f, String format, Authentication auth) {
    var groups = alerts.groups(f, 0, Exports.MAX_ROWS);
    Map<String, String> titles = ruleTitles();
    var t =
        Exports.Table.of(
            List.of(
                "latest_alert_id",
                "source",
                "severity",
                "rule_id",
                "rule_title",
                "title",
                "status",
                "alerts",
                "open",
                "acknowledged",
                "closed",
                "occurrences",
                "received_first",
                "received_last"));
    for (var g : groups.items()) {
      t.add(
          g.latestId(),
          g.source(),
          g.severity(),
          g.ruleId(),
          ruleTitle(titles, g.source(), g.ruleId()),
          g.title(),
          g.status(),
          g.alerts(),
          g.open(),
          g.acknowledged(),
          g.closed(),
          g.hits(),
          g.firstSeen(),
          g.lastSeen());
    }
    return exports.download(auth, "alert-groups", format, t);
  }

  /**
   * Every rule's title by id: Sigma rules and correlations of the loaded pack, and Leaver Guard's
   * and Resilience's alert kinds, so that no alert shows a blank rule.
   */
  Map<String, String> ruleTitles() {
    Map<String, String> out = new java.util.HashMap<>(OTHER_RULES);
    var l = detection.loaded();
    l.engine().rules().forEach(r -> out.put(r.rule().id(), r.rule().title()));
    l.correlations().forEach(c -> out.put(c.id(), c.title()));
    return out;
  }

  /** The rule's title, else what kind of finding raised it: never blank. */
  static String ruleTitle(Map<String, String> titles, String source, String ruleId) {
    String t = titles.get(ruleId);
    if (t != null && !t.isBlank()) {
      return t;
    }
    return switch (source) {
      case "detection" -> "A rule no longer in the inventory (" + ruleId + ")";
      case "identity" -> "Leaver Guard finding: " + ruleId.replace('-', ' ');
      case "resilience" -> "Resilience finding: " + ruleId.replace('-', ' ');
      default -> ruleId;
    };
  }

  /** Titles of the alert kinds raised outside the Sigma engine. */
  static final Map<String, String> OTHER_RULES =
      Map.of(
          "leaver-active-account", "Leaver Guard: a leaver's account is still enabled",
          "secret-custodian-left", "Leaver Guard: a leaver held a secret that was not rotated",
          "leaver-privileged-account", "Leaver Guard: a leaver's privileged account");

  /** Where an alert's rule is explained: the rule inventory row, or the findings of its kind. */
  static String ruleLink(Alert a) {
    return "detection".equals(a.source())
        ? "/detection/rules#rule-" + a.ruleId()
        : "/" + a.source() + "?type=" + a.ruleId();
  }

  /**
   * When each alert's activity happened (its events' first and last {@code @timestamp}), beside
   * when Haechi received it: an analyst must not read receive times as the attack's dates.
   */
  static Map<Long, dev.haechi.app.breach.AlertSelector.ActivityWindow> activity(List<Alert> list) {
    Map<Long, dev.haechi.app.breach.AlertSelector.ActivityWindow> out = new java.util.HashMap<>();
    var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
    for (Alert a : list) {
      out.put(
          a.id(), dev.haechi.app.breach.AlertSelector.activity(mapper.valueToTree(a.details())));
    }
    return out;
  }

  /** One row of an event's flattened fields. */
  public record FieldRow(String path, String value, boolean tested) {}

  @GetMapping("/alerts/{id}")
  public String detail(@PathVariable long id, Model model) {
    Alert a;
    try {
      a = alerts.get(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
    }
    model.addAttribute("alert", a);
    model.addAttribute("activity", activity(List.of(a)).get(a.id()));
    model.addAttribute("story", story.of(a));
    model.addAttribute("triage", alerts.triage(id));
    model.addAttribute("ruleTitle", ruleTitle(ruleTitles(), a.source(), a.ruleId()));
    model.addAttribute("ruleLink", ruleLink(a));
    model.addAttribute(
        "siblings",
        alerts
            .list(
                new AlertStore.Filter(null, null, null, a.ruleId(), a.title(), null, null, null),
                0,
                1)
            .total());
    model.addAttribute("active", a.source());
    if (a.source().equals("detection") && a.details().get("alert") instanceof Map<?, ?> raw) {
      Set<String> tested = testedFields(a.ruleId());
      JsonNode node = tools.jackson.databind.json.JsonMapper.builder().build().valueToTree(raw);
      List<List<FieldRow>> events = new ArrayList<>();
      if (node.has("event") && node.get("event").isObject()) {
        events.add(flatten(node.get("event"), tested));
      }
      node.path("events").forEach(e -> events.add(flatten(e, tested)));
      model.addAttribute("events", events);
      model.addAttribute("tested", tested);
      model.addAttribute(
          "rule",
          detection.loaded().engine().rules().stream()
              .filter(r -> a.ruleId().equals(r.rule().id()))
              .findFirst()
              .map(r -> r.rule())
              .orElse(null));
    }
    return "alert";
  }

  @PostMapping("/alerts/{id}/status")
  public String setStatus(
      @PathVariable long id,
      @RequestParam String status,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      alerts.setStatus(SecurityConfig.actor(auth), id, status);
      flash.addFlashAttribute("message", "Alert " + id + " is " + status + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/alerts/" + id;
  }

  @PostMapping("/alerts/{id}/assignee")
  public String assign(
      @PathVariable long id,
      @RequestParam(required = false) String assignee,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      alerts.assign(SecurityConfig.actor(auth), id, assignee);
      flash.addFlashAttribute(
          "message",
          assignee == null || assignee.isBlank()
              ? "Nobody is assigned to this alert now."
              : "Assigned to " + assignee.trim() + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/alerts/" + id;
  }

  @PostMapping("/alerts/{id}/notes")
  public String note(
      @PathVariable long id,
      @RequestParam(required = false) String text,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      alerts.addNote(SecurityConfig.actor(auth), id, text);
      flash.addFlashAttribute("message", "Note added.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/alerts/" + id + "#notes";
  }

  @GetMapping("/detection/rules")
  public String rules(Model model) {
    DetectionService.Loaded l = detection.loaded();
    model.addAttribute("rules", l.engine().rules().stream().map(CompiledRule::rule).toList());
    model.addAttribute("correlations", l.correlations());
    model.addAttribute("problems", l.problems());
    model.addAttribute(
        "regexCutOffs",
        dev.haechi.app.api.DetectionController.regexCutOffs(l.engine().rules()).stream()
            .map(m -> m.get("rules") + ": " + m.get("reason"))
            .toList());
    model.addAttribute("locations", l.locations());
    model.addAttribute("active", "detection");
    return "detection-rules";
  }

  /**
   * The event fields each enrichment field is computed from (EnrichmentFields' table), so that a
   * rule testing {@code haechi.token.key_status} highlights {@code token.kid}.
   */
  static final Map<String, List<String>> ENRICHMENT_INPUTS =
      Map.of(
          "haechi.user.exists", List.of("token.sub", "user.id"),
          "haechi.user.hr_status", List.of("user.name", "user.id", "token.sub", "user.email"),
          "haechi.user.privileged", List.of("user.name", "user.id", "token.sub", "user.email"),
          "haechi.token.key_status", List.of("token.kid"),
          "haechi.source.country_new", List.of("source.geo.country_iso_code"),
          "haechi.disclosure.above_baseline", List.of("data.subject_ids"));

  private Set<String> testedFields(String ruleId) {
    Set<String> out = new LinkedHashSet<>();
    for (CompiledRule r : detection.loaded().engine().rules()) {
      if (ruleId.equals(r.rule().id()) && r.rule().detection() != null) {
        for (SearchIdentifier s : r.rule().detection().identifiers().values()) {
          for (List<FieldCondition> alt : s.alternatives()) {
            for (FieldCondition c : alt) {
              if (c.field() != null) {
                out.add(c.field());
                out.addAll(ENRICHMENT_INPUTS.getOrDefault(c.field(), List.of()));
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static final java.time.format.DateTimeFormatter SECONDS =
      java.time.format.DateTimeFormatter.ofPattern(
              "d MMM yyyy, HH:mm:ss 'UTC'", java.util.Locale.ENGLISH)
          .withZone(java.time.ZoneOffset.UTC);

  /**
   * A time field as people read it, with the raw value after it: JWT times ({@code iat}, {@code
   * exp}, {@code nbf}) are epoch seconds, {@code @timestamp} an ISO instant.
   */
  static String readableTime(String path, JsonNode n, String raw) {
    String leaf = path.substring(path.lastIndexOf('.') + 1);
    try {
      if (n.isIntegralNumber()
          && java.util.Set.of("iat", "exp", "nbf", "auth_time").contains(leaf)) {
        return SECONDS.format(java.time.Instant.ofEpochSecond(n.asLong())) + " (" + raw + ")";
      }
      if (n.isString() && (leaf.equals("@timestamp") || leaf.endsWith("timestamp"))) {
        return SECONDS.format(java.time.Instant.parse(raw)) + " (" + raw + ")";
      }
    } catch (RuntimeException e) {
      return raw;
    }
    return raw;
  }

  static List<FieldRow> flatten(JsonNode event, Set<String> tested) {
    List<FieldRow> rows = new ArrayList<>();
    walk("", event, tested, rows);
    return rows;
  }

  private static void walk(String prefix, JsonNode n, Set<String> tested, List<FieldRow> rows) {
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        walk(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), tested, rows);
      }
    } else {
      String value = n.isNull() ? "(empty)" : n.isValueNode() ? n.asString() : n.toString();
      value = readableTime(prefix, n, value);
      rows.add(new FieldRow(prefix, value, tested.contains(prefix)));
    }
  }
}
