package dev.haechi.app.console;

import dev.haechi.app.recovery.RecoveryService;
import dev.haechi.app.recovery.RecoveryView;
import dev.haechi.app.recovery.Restoration;
import dev.haechi.app.security.SecurityConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The restoration console: progress per grade, the plan against its bounds, the restoration curve
 * against the plan (chart), every system's state and ETA, crews' start and finish reports, and
 * starting a restoration after a loss.
 */
@Controller
public class RecoveryConsoleController {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final RecoveryService recovery;
  private final Exports exports;

  public RecoveryConsoleController(RecoveryService recovery, Exports exports) {
    this.recovery = recovery;
    this.exports = exports;
  }

  /** The systems of the restoration as the table shows them, filtered; each with its back time. */
  private List<Map<String, Object>> systems(Restoration r, String q, String state, Integer grade) {
    String text = q == null ? "" : q.trim().toLowerCase(java.util.Locale.ROOT);
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (Map<String, Object> m : recovery.systems(r)) {
      String system = String.valueOf(m.get("system"));
      String name = m.get("publicName") == null ? "" : String.valueOf(m.get("publicName"));
      if (!text.isEmpty()
          && !system.toLowerCase(java.util.Locale.ROOT).contains(text)
          && !name.toLowerCase(java.util.Locale.ROOT).contains(text)) {
        continue;
      }
      if (state != null && !state.isBlank() && !state.equals(m.get("state"))) {
        continue;
      }
      if (grade != null && !grade.equals(m.get("grade"))) {
        continue;
      }
      Map<String, Object> row = new java.util.LinkedHashMap<>(m);
      if ("restored".equals(m.get("state"))) {
        // a restored system shows when it came back, never a planned time
        row.remove("eta");
        r.tracker().history(system).stream()
            .filter(t -> t.to() == dev.haechi.resilience.recovery.SystemState.RESTORED)
            .reduce((a, b) -> b)
            .ifPresent(t -> row.put("backAt", t.at().toString()));
      }
      out.add(row);
    }
    out.sort(
        java.util.Comparator.comparing((Map<String, Object> m) -> order(m))
            .thenComparing(m -> String.valueOf(m.get("eta"))));
    return out;
  }

  /** How long the planner may search when a restoration is started from the console. */
  static final Duration PLAN_LIMIT = Duration.ofSeconds(10);

  /**
   * What the server is doing for the restoration being started, for the page's progress bar: {@code
   * active}, {@code phase} (planning, saving, done), seconds since the start and since the phase
   * began, and the planner's limit in seconds; with the latest start's {@code id}, {@code state}
   * (planning, planned, failed, interrupted) and {@code reason}.
   */
  @GetMapping(value = "/resilience/recovery/progress", produces = "application/json")
  @org.springframework.web.bind.annotation.ResponseBody
  public Map<String, Object> progress() {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    var s = recovery.starting();
    out.put("active", s.isPresent());
    s.ifPresent(
        p -> {
          java.time.Instant now = java.time.Instant.now();
          out.put("phase", p.phase());
          out.put("elapsed_s", Duration.between(p.startedAt(), now).toMillis() / 1000.0);
          out.put("phase_elapsed_s", Duration.between(p.phaseAt(), now).toMillis() / 1000.0);
          out.put("plan_limit_s", p.planLimit().toSeconds());
        });
    recovery
        .latestStart()
        .ifPresent(
            l -> {
              out.put("id", l.id());
              out.put("state", l.state());
              out.put("reason", l.detail());
            });
    return out;
  }

  @GetMapping("/resilience/recovery")
  public String page(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) Integer grade,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(required = false) String lost,
      @RequestParam(required = false) String event,
      Model model) {
    model.addAttribute("active", "resilience");
    model.addAttribute("planLimitSeconds", PLAN_LIMIT.toSeconds());
    var current = recovery.current();
    // the start form, filled in from the fire drill's "start a restoration" link
    model.addAttribute("startLost", lost == null || lost.isBlank() ? "zone:dj-5f-r7" : lost);
    model.addAttribute(
        "startEvent",
        event != null && List.of("fire", "power", "cooling").contains(event) ? event : "fire");
    model.addAttribute("startPrefilled", lost != null && !lost.isBlank());
    // a new start offers the crews of the restoration under way (20 when there is none)
    model.addAttribute("startCrews", current.map(Restoration::crews).orElse(20));
    model.addAttribute("q", q);
    model.addAttribute("state", state);
    model.addAttribute("grade", grade);
    // the latest start while it plans, or when it failed or was interrupted (until another start)
    recovery
        .latestStart()
        .filter(l -> !"planned".equals(l.state()))
        .ifPresent(
            l -> {
              model.addAttribute("start", l);
              model.addAttribute("startLabel", FireDrill.lossLabel(l.event(), l.lost()));
              if (!"planning".equals(l.state()) && (lost == null || lost.isBlank())) {
                // the form offers to start the one that failed or was interrupted again
                model.addAttribute("startLost", String.join(" ", l.lost()));
                model.addAttribute("startEvent", l.event());
                model.addAttribute("startCrews", l.crews());
              }
            });
    if (current.isPresent()) {
      Restoration r = current.get();
      model.addAttribute("summary", RecoveryView.summary(r));
      model.addAttribute("curve", JSON.writeValueAsString(RecoveryView.curve(r)));
      List<Map<String, Object>> all = systems(r, q, state, grade);
      int size = 50;
      int p = Math.max(0, page);
      int from = Math.min(p * size, all.size());
      model.addAttribute("systems", all.subList(from, Math.min(from + size, all.size())));
      model.addAttribute(
          "allSystems", recovery.systems(r).stream().map(m -> m.get("system")).toList());
      model.addAttribute("systemCount", all.size());
      model.addAttribute("page", p);
      model.addAttribute("pages", (all.size() + size - 1) / size);
      model.addAttribute("plannedAt", r.plannedAt() == null ? "" : r.plannedAt().toString());
      // grade-weighted completion (weight x minutes) as hours: the average finish time in which a
      // grade-1 system counts 1,000 times a grade-4 one
      double weights =
          r.problem().tasks().stream()
              .mapToDouble(t -> dev.haechi.resilience.recovery.RestorationTask.weightOf(t.grade()))
              .sum();
      var plan = r.plan();
      model.addAttribute(
          "weightedHours", weights == 0 ? 0 : plan.figures().weightedCompletion() / weights / 60);
      model.addAttribute(
          "weightedBoundHours",
          weights == 0 ? 0 : plan.bounds().weightedCompletion() / weights / 60);
      model.addAttribute(
          "greedyWeightedHours",
          weights == 0 ? 0 : plan.greedy().weightedCompletion() / weights / 60);
      model.addAttribute("reports", r.tracker().history().size());
    }
    return "resilience-recovery";
  }

  /** The restoration's status on a page of its own, for printing or saving as PDF. */
  @GetMapping("/resilience/recovery/report")
  public String report(Model model) {
    Restoration r =
        recovery
            .current()
            .orElseThrow(
                () ->
                    new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND,
                        "No restoration is under way."));
    model.addAttribute("summary", RecoveryView.summary(r));
    List<Map<String, Object>> all = systems(r, null, null, null);
    model.addAttribute("systems", all);
    model.addAttribute("reports", r.tracker().history().size());
    model.addAttribute("generatedAt", java.time.Instant.now());
    model.addAttribute("eventName", FireDrill.eventName(r.event()));
    return "resilience-recovery-report";
  }

  /** Says what replacing the restoration under way loses, and asks before doing it. */
  @GetMapping("/resilience/recovery/confirm")
  public String confirm(
      @RequestParam String lost,
      @RequestParam(defaultValue = "fire") String event,
      @RequestParam(defaultValue = "20") int crews,
      Model model) {
    model.addAttribute("active", "resilience");
    model.addAttribute("planLimitSeconds", PLAN_LIMIT.toSeconds());
    model.addAttribute("lost", lost);
    model.addAttribute("event", event);
    model.addAttribute("crews", crews);
    var current = recovery.current();
    if (current.isEmpty()) {
      return "redirect:/resilience/recovery?lost="
          + java.net.URLEncoder.encode(lost, java.nio.charset.StandardCharsets.UTF_8)
          + "&event="
          + java.net.URLEncoder.encode(event, java.nio.charset.StandardCharsets.UTF_8);
    }
    Restoration r = current.get();
    var progress = r.tracker().progress();
    model.addAttribute("summary", RecoveryView.summary(r));
    model.addAttribute("restored", progress.restored());
    model.addAttribute("total", progress.total());
    model.addAttribute("reports", r.tracker().history().size());
    model.addAttribute("currentLabel", FireDrill.lossLabel(r.event(), r.lost()));
    return "resilience-recovery-confirm";
  }

  /** The filtered systems table (every page) as CSV or JSON. */
  @GetMapping(value = "/resilience/recovery", params = "format")
  public org.springframework.http.ResponseEntity<byte[]> export(
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String state,
      @RequestParam(required = false) Integer grade,
      @RequestParam String format,
      Authentication auth) {
    Exports.format(format);
    Restoration r =
        recovery
            .current()
            .orElseThrow(
                () ->
                    new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND,
                        "No restoration is under way."));
    var t =
        Exports.Table.of(
            List.of("system", "public_service", "grade", "state", "planned_back", "back_at"));
    for (Map<String, Object> m : systems(r, q, state, grade)) {
      t.add(
          m.get("system"),
          m.get("publicName"),
          m.get("grade"),
          m.get("state"),
          m.get("eta"),
          m.get("backAt"));
    }
    return exports.download(auth, "restoration-systems", format, t);
  }

  /**
   * The system a crew named: its full reference, its short name ({@code g-drive} for {@code
   * resource:default/g-drive}) or its public service name, when exactly one system matches.
   */
  private String resolve(String typed) {
    String t = typed == null ? "" : typed.trim();
    var current = recovery.current();
    if (t.isEmpty() || current.isEmpty() || t.contains(":")) {
      return t;
    }
    List<String> matches =
        recovery.systems(current.get()).stream()
            .filter(
                m -> {
                  String system = String.valueOf(m.get("system"));
                  Object name = m.get("publicName");
                  return system.endsWith("/" + t)
                      || (name != null && String.valueOf(name).equalsIgnoreCase(t));
                })
            .map(m -> String.valueOf(m.get("system")))
            .distinct()
            .toList();
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "system: '"
              + t
              + "' names "
              + matches.size()
              + " systems: "
              + matches
              + "; pick one from the list");
    }
    return matches.isEmpty() ? t : matches.get(0);
  }

  private static int order(Map<String, Object> m) {
    return switch (String.valueOf(m.get("state"))) {
      case "restoring" -> 0;
      case "down" -> 1;
      case "degraded" -> 2;
      default -> 3;
    };
  }

  @PostMapping("/resilience/recovery/updates")
  public String report(
      @RequestParam String system,
      @RequestParam String state,
      @RequestParam(required = false) String crew,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      system = resolve(system);
      recovery.report(
          SecurityConfig.actor(auth),
          system,
          state,
          crew == null || crew.isBlank() ? null : crew,
          null,
          null);
      flash.addFlashAttribute(
          "message", system + " is " + state + "; the plan is being recomputed.");
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/resilience/recovery";
  }

  @PostMapping("/resilience/recovery")
  public String start(
      @RequestParam String lost,
      @RequestParam(defaultValue = "fire") String event,
      @RequestParam(defaultValue = "10") int crews,
      @RequestParam(defaultValue = "false") boolean replace,
      Authentication auth,
      RedirectAttributes flash) {
    if (recovery.current().isPresent() && !replace) {
      // never replace the restoration under way (and the crews' reports) without asking
      flash.addAttribute("lost", lost.trim());
      flash.addAttribute("event", event);
      flash.addAttribute("crews", crews);
      return "redirect:/resilience/recovery/confirm";
    }
    try {
      var started =
          recovery.begin(
              SecurityConfig.actor(auth),
              null,
              List.of(lost.trim().split("\\s+")),
              event,
              null,
              crews,
              null,
              PLAN_LIMIT);
      flash.addFlashAttribute(
          "message",
          "Restoration started. Its plan is being made (restoration "
              + started.id()
              + ", at most "
              + PLAN_LIMIT.toSeconds()
              + " s); this page shows it when it is ready"
              + (recovery.current().isPresent()
                  ? ", and the restoration under way stays in use until then."
                  : "."));
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/resilience/recovery";
  }
}
