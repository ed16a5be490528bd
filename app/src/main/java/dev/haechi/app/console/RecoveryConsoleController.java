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

  public RecoveryConsoleController(RecoveryService recovery) {
    this.recovery = recovery;
  }

  @GetMapping("/resilience/recovery")
  public String page(Model model) {
    model.addAttribute("active", "resilience");
    var current = recovery.current();
    if (current.isPresent()) {
      Restoration r = current.get();
      model.addAttribute("summary", RecoveryView.summary(r));
      model.addAttribute("curve", JSON.writeValueAsString(RecoveryView.curve(r)));
      List<Map<String, Object>> systems = recovery.systems(r);
      model.addAttribute(
          "systems",
          systems.stream()
              .sorted(
                  java.util.Comparator.comparing((Map<String, Object> m) -> order(m))
                      .thenComparing(m -> String.valueOf(m.get("eta"))))
              .toList());
    }
    return "resilience-recovery";
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
      Authentication auth,
      RedirectAttributes flash) {
    try {
      recovery.start(
          SecurityConfig.actor(auth),
          null,
          List.of(lost.trim().split("\\s+")),
          event,
          null,
          crews,
          Duration.ofSeconds(10));
      flash.addFlashAttribute("message", "Restoration started and planned.");
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/resilience/recovery";
  }
}
