package dev.haechi.app.console;

import dev.haechi.app.breach.BreachCases;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.notice.NoticeDraft;
import dev.haechi.breach.notice.NotificationClock;
import dev.haechi.breach.scope.ScopeJson;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.core.InputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
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

/**
 * Breach response pages: the cases, one case's timeline, 72-hour clock and notice drafts, its
 * scoping with a per-day chart of affected people, and its legal holds (release by two admins;
 * deletion of held days refused and audited).
 */
@Controller
public class BreachConsoleController {
  private final BreachCases cases;
  private final dev.haechi.app.breach.CaseEvidence evidence;
  private final dev.haechi.app.breach.NoticeSettings notice;

  public BreachConsoleController(
      BreachCases cases,
      dev.haechi.app.breach.CaseEvidence evidence,
      dev.haechi.app.breach.NoticeSettings notice) {
    this.notice = notice;
    this.cases = cases;
    this.evidence = evidence;
  }

  @PostMapping("/breach/cases/{id}/findings")
  public String linkFindings(@PathVariable long id, Authentication auth, RedirectAttributes flash) {
    int n = cases.linkFindings(id, SecurityConfig.actor(auth));
    flash.addFlashAttribute("message", n + " Leaver Guard finding(s) added to the timeline.");
    return "redirect:/breach/cases/" + id;
  }

  @GetMapping("/breach/cases/{id}/report.md")
  public org.springframework.http.ResponseEntity<String> reportMarkdown(
      @PathVariable long id, Authentication auth) {
    return dev.haechi.app.api.BreachController.report(
        cases, evidence, id, "markdown", SecurityConfig.actor(auth));
  }

  @GetMapping("/breach/cases/{id}/report.html")
  public org.springframework.http.ResponseEntity<String> reportHtml(
      @PathVariable long id, Authentication auth) {
    return dev.haechi.app.api.BreachController.report(
        cases, evidence, id, "html", SecurityConfig.actor(auth));
  }

  /** A file uploaded from the case page becomes evidence under its own (checked) name. */
  @PostMapping("/breach/cases/{id}/evidence")
  public String uploadEvidence(
      @PathVariable long id,
      @RequestParam(value = "file", required = false)
          org.springframework.web.multipart.MultipartFile file,
      Authentication auth,
      RedirectAttributes flash) {
    if (file == null || file.isEmpty() || file.getOriginalFilename() == null) {
      flash.addFlashAttribute("error", "file: choose a non-empty file to upload");
      return "redirect:/breach/cases/" + id;
    }
    String name = file.getOriginalFilename();
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    try (java.io.InputStream in = file.getInputStream()) {
      var f = evidence.add(id, name, in, SecurityConfig.actor(auth));
      flash.addFlashAttribute(
          "message",
          "Evidence file "
              + f.name()
              + " added ("
              + f.bytes()
              + " bytes, SHA-256 "
              + f.sha256()
              + ").");
    } catch (HoldRefusedException | IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    } catch (java.io.IOException e) {
      flash.addFlashAttribute("error", "upload of " + name + " failed: " + e.getMessage());
    }
    return "redirect:/breach/cases/" + id;
  }

  @PostMapping("/breach/cases/{id}/evidence/{name}/delete")
  public String deleteEvidence(
      @PathVariable long id,
      @PathVariable String name,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      evidence.delete(id, name, SecurityConfig.actor(auth));
      flash.addFlashAttribute("message", "Evidence file " + name + " deleted.");
    } catch (HoldRefusedException | IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/breach/cases/" + id;
  }

  @GetMapping("/breach/cases")
  public String list(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String q,
      Model model) {
    List<BreachCases.Case> all = cases.list();
    model.addAttribute("cases", ConsoleLists.breachCases(all, status, severity, q));
    model.addAttribute("all", all.size());
    model.addAttribute("status", status);
    model.addAttribute("severity", severity);
    model.addAttribute("q", q);
    model.addAttribute(
        "statuses", all.stream().map(BreachCases.Case::status).distinct().sorted().toList());
    model.addAttribute("active", "breach");
    return "breach-cases";
  }

  @PostMapping("/breach/cases")
  public String open(
      @RequestParam(required = false) String title,
      @RequestParam(required = false) Long alertId,
      @RequestParam(required = false) String kid,
      @RequestParam(required = false) String awareAt,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      BreachCases.Case c =
          cases.open(
              SecurityConfig.actor(auth),
              blank(title),
              null,
              alertId,
              blank(kid),
              null,
              instant(awareAt));
      return "redirect:/breach/cases/" + c.id();
    } catch (IllegalArgumentException | InputException e) {
      flash.addFlashAttribute("error", e.getMessage());
      return "redirect:/breach/cases";
    }
  }

  /** One bar of the per-day chart. */
  public record DayBar(String day, long people, long max) {}

  @GetMapping("/breach/cases/{id}")
  public String detail(@PathVariable long id, Model model) {
    BreachCases.Case c;
    try {
      c = cases.get(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
    }
    model.addAttribute("c", c);
    model.addAttribute("clock", NotificationClock.of(c.awareAt(), Instant.now()));
    model.addAttribute("timeline", cases.timeline(id));
    model.addAttribute("holds", cases.holds(id));
    model.addAttribute("evidence", evidence.list(id));
    model.addAttribute("required", NoticeDraft.REQUIRED_ITEMS);
    ScopeResult r = cases.latestScope(id);
    model.addAttribute("scope", r);
    if (r != null) {
      long max = r.byDay().values().stream().mapToLong(Long::longValue).max().orElse(1);
      model.addAttribute(
          "bars",
          r.byDay().entrySet().stream()
              .map(e -> new DayBar(e.getKey(), e.getValue(), Math.max(1, max)))
              .toList());
      model.addAttribute("notes", ScopeJson.notes(r));
      model.addAttribute("noticeKo", NoticeDraft.korean(r, notice.contact()));
      model.addAttribute("noticeEn", NoticeDraft.english(r, notice.contact()));
      model.addAttribute("noticeWarnings", notice.contact().warnings());
    }
    model.addAttribute("active", "breach");
    return "breach-case";
  }

  @PostMapping("/breach/cases/{id}/scope")
  public String scope(
      @PathVariable long id,
      @RequestParam(required = false) String kid,
      @RequestParam(required = false) String principal,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      ScopeQuery q =
          blank(kid) != null
              ? ScopeQuery.of(ScopeQuery.Selector.KID, List.of(kid), instant(from), instant(to))
              : ScopeQuery.of(
                  ScopeQuery.Selector.PRINCIPAL,
                  blank(principal) == null ? List.of() : List.of(principal),
                  instant(from),
                  instant(to));
      cases.scope(id, SecurityConfig.actor(auth), q);
    } catch (IllegalArgumentException | InputException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/breach/cases/" + id;
  }

  @PostMapping("/breach/cases/{id}/notes")
  public String note(
      @PathVariable long id, @RequestParam String text, Authentication auth, RedirectAttributes f) {
    try {
      cases.note(id, SecurityConfig.actor(auth), text);
    } catch (IllegalArgumentException e) {
      f.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/breach/cases/" + id;
  }

  @PostMapping("/breach/cases/{id}/holds")
  public String hold(
      @PathVariable long id,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String reason,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      var h = cases.hold(id, SecurityConfig.actor(auth), instant(from), instant(to), reason);
      flash.addFlashAttribute("message", "Legal hold " + h.id() + " placed.");
    } catch (IllegalArgumentException | InputException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/breach/cases/" + id;
  }

  @PostMapping("/admin/breach/holds/{holdId}/release")
  public String release(
      @PathVariable String holdId,
      @RequestParam long caseId,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      var h = cases.release(holdId, SecurityConfig.actor(auth));
      flash.addFlashAttribute(
          "message",
          h.active()
              ? "Released by " + h.releasedBy() + "; a second, different admin must also release."
              : "Hold " + holdId + " ended.");
    } catch (IllegalArgumentException | InputException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/breach/cases/" + caseId;
  }

  @PostMapping("/admin/events/delete")
  public String delete(
      @RequestParam String day,
      @RequestParam long caseId,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      var r = cases.deleteDays(List.of(LocalDate.parse(day)), SecurityConfig.actor(auth));
      flash.addFlashAttribute("message", "Deleted " + r.deleted() + ".");
    } catch (HoldRefusedException e) {
      flash.addFlashAttribute("error", e.getMessage());
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", "day: " + e.getMessage());
    }
    return "redirect:/breach/cases/" + caseId;
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /**
   * A moment typed in the console: a UTC date and 24-hour time as the console writes them ({@code
   * 2025-06-24 09:00}), a UTC day ({@code 2025-06-24}), or an ISO-8601 date-time with its offset.
   */
  static Instant instant(String s) {
    if (blank(s) == null) {
      return null;
    }
    String t = s.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return java.time.LocalDateTime.parse(t.replaceFirst("^(\\S+)\\s+", "$1T"))
            .toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e1) {
        try {
          return LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e2) {
          throw new IllegalArgumentException(
              "'"
                  + s
                  + "' is not a UTC date and time: type it as year-month-day hour:minute, e.g."
                  + " 2025-06-24 09:00, or a day, e.g. 2025-06-24");
        }
      }
    }
  }
}
