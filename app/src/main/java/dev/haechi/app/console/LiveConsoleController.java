package dev.haechi.app.console;

import dev.haechi.app.resilience.LiveResilience;
import dev.haechi.core.Finding;
import dev.haechi.resilience.live.LiveResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Live resilience on the console (issue 14): the open live findings, and per entity its lag and
 * backup timeline (a server-drawn SVG chart), its findings and its recovered breaches. Internal
 * only: none of it is on the public status page.
 */
@Controller
public class LiveConsoleController {
  static final int WIDTH = 900;
  static final int HEIGHT = 220;
  private final LiveResilience live;

  public LiveConsoleController(LiveResilience live) {
    this.live = live;
  }

  @GetMapping("/resilience/live")
  public String page(@RequestParam(defaultValue = "government") String catalog, Model model) {
    model.addAttribute("active", "resilience");
    model.addAttribute("catalog", catalog);
    LiveResult r = live.current(catalog);
    model.addAttribute("summary", r.summary());
    model.addAttribute("findings", r.findings().stream().map(LiveConsoleController::row).toList());
    model.addAttribute("recovered", r.history());
    return "resilience-live";
  }

  @GetMapping("/resilience/live/entity")
  public String entity(
      @RequestParam(defaultValue = "government") String catalog,
      @RequestParam String ref,
      Model model) {
    model.addAttribute("active", "resilience");
    model.addAttribute("catalog", catalog);
    model.addAttribute("ref", ref);
    LiveResult r = live.current(catalog);
    model.addAttribute(
        "findings",
        r.findings().stream()
            .filter(f -> ref.equals(f.subject().get("entity")))
            .map(LiveConsoleController::row)
            .toList());
    model.addAttribute(
        "recovered", r.history().stream().filter(e -> ref.equals(e.entity())).toList());
    model.addAttribute("opened", live.findingHistory(catalog, ref, 100));
    model.addAttribute("chart", chart(live.timeline(catalog, ref)));
    return "resilience-live-entity";
  }

  private static Map<String, Object> row(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", f.type());
    m.put("severity", f.severity().label());
    m.put("title", f.title());
    m.put("entity", f.subject().get("entity"));
    m.put(
        "about",
        f.subject().containsKey("backup") ? f.subject().get("backup") : f.subject().get("zone"));
    m.put("evidence", f.evidence());
    m.put("remedy", f.remedy());
    return m;
  }

  /**
   * The chart's shapes: one polyline of lag per zone (seconds, on a scale that includes the RPO),
   * the RPO as a dashed line, and a mark per backup run (green success, red failure) on a time axis
   * from the first report to the check time.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> chart(Map<String, Object> timeline) {
    Map<String, List<Map<String, Object>>> lag =
        (Map<String, List<Map<String, Object>>>) timeline.get("lag");
    List<Map<String, Object>> runs = (List<Map<String, Object>>) timeline.get("backupRuns");
    Instant end = (Instant) timeline.get("asOf");
    Instant start = end.minus(Duration.ofDays(7));
    for (List<Map<String, Object>> l : lag.values()) {
      if (!l.isEmpty()) {
        Instant first = (Instant) l.get(0).get("time");
        start = first.isBefore(start) ? start : first;
      }
    }
    double span = Math.max(1, Duration.between(start, end).getSeconds());
    Long rpo = (Long) timeline.get("rpoSeconds");
    double max = rpo == null ? 1 : rpo * 1.5;
    for (List<Map<String, Object>> l : lag.values()) {
      for (Map<String, Object> p : l) {
        max = Math.max(max, (Double) p.get("lagSeconds"));
      }
    }
    int plot = HEIGHT - 40;
    List<Map<String, Object>> lines = new ArrayList<>();
    for (Map.Entry<String, List<Map<String, Object>>> e : lag.entrySet()) {
      StringBuilder pts = new StringBuilder();
      for (Map<String, Object> p : e.getValue()) {
        Instant t = (Instant) p.get("time");
        if (t.isBefore(start)) {
          continue;
        }
        double x = WIDTH * Duration.between(start, t).getSeconds() / span;
        double y = plot - plot * (Double) p.get("lagSeconds") / max;
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      lines.add(
          Map.of(
              "zone", e.getKey(), "points", pts.toString().trim(), "samples", e.getValue().size()));
    }
    List<Map<String, Object>> marks = new ArrayList<>();
    for (Map<String, Object> run : runs) {
      Instant t = (Instant) run.get("time");
      if (t.isBefore(start)) {
        continue;
      }
      double x = WIDTH * Duration.between(start, t).getSeconds() / span;
      marks.add(
          Map.of(
              "x", String.format(Locale.ROOT, "%.1f", x),
              "ok", run.get("success"),
              "title",
                  run.get("backup")
                      + " "
                      + (Boolean.TRUE.equals(run.get("success")) ? "success" : "failed")
                      + " "
                      + new ConsoleFormat().when(t)));
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("width", WIDTH);
    c.put("height", HEIGHT);
    c.put("plot", plot);
    c.put("lines", lines);
    c.put("marks", marks);
    c.put("from", start);
    c.put("to", end);
    c.put("maxLag", String.format(Locale.ROOT, "%.0f s", max));
    c.put("rpoY", rpo == null ? null : String.format(Locale.ROOT, "%.1f", plot - plot * rpo / max));
    c.put("rpo", rpo);
    return c;
  }
}
