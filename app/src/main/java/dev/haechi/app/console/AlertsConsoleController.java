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

  public AlertsConsoleController(AlertStore alerts, DetectionService detection) {
    this.alerts = alerts;
    this.detection = detection;
  }

  @GetMapping("/alerts")
  public String list(
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    String src = source == null || source.isBlank() ? null : source;
    String st = status == null || status.isBlank() ? null : status;
    var listed = alerts.list(src, st, Math.max(0, page), 50);
    model.addAttribute("alerts", listed);
    model.addAttribute("activity", activity(listed.items()));
    model.addAttribute("source", src);
    model.addAttribute("status", st);
    model.addAttribute(
        "active",
        "detection".equals(src) ? "detection" : "identity".equals(src) ? "identity" : "overview");
    return "alerts";
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

  @GetMapping("/detection/rules")
  public String rules(Model model) {
    DetectionService.Loaded l = detection.loaded();
    model.addAttribute("rules", l.engine().rules().stream().map(CompiledRule::rule).toList());
    model.addAttribute("problems", l.problems());
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
      String value = n.isValueNode() ? n.asString() : n.toString();
      rows.add(new FieldRow(prefix, value, tested.contains(prefix)));
    }
  }
}
