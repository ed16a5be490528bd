package dev.haechi.app.console;

import dev.haechi.app.security.SecurityConfig;
import dev.haechi.app.status.PublishTarget;
import dev.haechi.app.status.PublishTargetStore;
import dev.haechi.app.status.StatusPublisher;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admin page: where the public status page is copied, and when each copy last took the page. A
 * failing copy shows its error (and raises an alert, see {@link StatusPublisher}).
 */
@Controller
public class StatusPublishingConsoleController {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final PublishTargetStore targets;
  private final StatusPublisher publisher;

  public StatusPublishingConsoleController(PublishTargetStore targets, StatusPublisher publisher) {
    this.targets = targets;
    this.publisher = publisher;
  }

  /** One row of the page, with its times written for people. */
  public record Row(PublishTarget target, String lastSuccess, String lastAttempt, String health) {}

  @GetMapping("/admin/status-publishing")
  public String page(Model model) {
    Instant now = Instant.now();
    List<Row> rows =
        targets.list().stream()
            .map(
                t ->
                    new Row(
                        t,
                        when(t.lastSuccessAt(), now, "never"),
                        when(t.lastAttemptAt(), now, "not yet"),
                        t.health()))
            .toList();
    model.addAttribute("rows", rows);
    model.addAttribute("active", "admin");
    return "admin-status-publishing";
  }

  @PostMapping("/admin/status-publishing")
  public String add(
      @RequestParam String name,
      @RequestParam String kind,
      @RequestParam String location,
      @RequestParam(required = false) Integer cacheSeconds,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      PublishTarget t = targets.add(SecurityConfig.actor(auth), name, kind, location, cacheSeconds);
      publisher.publishNow(t.id());
      flash.addFlashAttribute("message", "Added " + t.name() + "; publishing the page to it.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/status-publishing";
  }

  @PostMapping("/admin/status-publishing/{id}/publish")
  public String publish(@PathVariable long id, Authentication auth, RedirectAttributes flash) {
    try {
      PublishTarget t = targets.get(id);
      publisher.publishNow(id);
      flash.addFlashAttribute("message", "Publishing the page to " + t.name() + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/status-publishing";
  }

  @PostMapping("/admin/status-publishing/{id}/remove")
  public String remove(@PathVariable long id, Authentication auth, RedirectAttributes flash) {
    try {
      targets.remove(SecurityConfig.actor(auth), id);
      flash.addFlashAttribute("message", "Removed; its copy stays where it is.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/status-publishing";
  }

  static String when(Instant t, Instant now, String none) {
    if (t == null) {
      return none;
    }
    Duration ago = Duration.between(t, now);
    String rel;
    if (ago.isNegative() || ago.toSeconds() < 60) {
      rel = "just now";
    } else if (ago.toMinutes() < 60) {
      rel = ago.toMinutes() + " min ago";
    } else if (ago.toHours() < 48) {
      rel = ago.toHours() + " h ago";
    } else {
      rel = ago.toDays() + " days ago";
    }
    return WHEN.format(t) + " (" + rel + ")";
  }
}
