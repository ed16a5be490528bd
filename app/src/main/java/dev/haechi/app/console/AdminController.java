package dev.haechi.app.console;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.app.security.UserStore;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admin pages: users and the audit log. */
@Controller
public class AdminController {
  private final UserStore users;
  private final AuditLog audit;

  public AdminController(UserStore users, AuditLog audit) {
    this.users = users;
    this.audit = audit;
  }

  @GetMapping("/admin/users")
  public String users(
      @RequestParam(required = false) String role,
      @RequestParam(required = false) String q,
      Model model) {
    var all = users.list();
    model.addAttribute("users", ConsoleLists.users(all, role, q));
    model.addAttribute("all", all.size());
    model.addAttribute("role", role);
    model.addAttribute("q", q);
    model.addAttribute("roles", Role.values());
    model.addAttribute("active", "admin");
    return "admin-users";
  }

  @PostMapping("/admin/users")
  public String createUser(
      @RequestParam String username,
      @RequestParam String password,
      @RequestParam String role,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      users.createLocal(SecurityConfig.actor(auth), username, password, Role.parse(role));
      flash.addFlashAttribute("message", "Created user " + username + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/users";
  }

  @PostMapping("/admin/users/change")
  public String changeUser(
      @RequestParam String username,
      @RequestParam(required = false) String role,
      @RequestParam(required = false) Boolean enabled,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      users.update(
          SecurityConfig.actor(auth),
          username,
          role == null || role.isBlank() ? null : Role.parse(role),
          enabled);
      flash.addFlashAttribute("message", "Changed user " + username + ".");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/admin/users";
  }

  @GetMapping("/admin/audit")
  public String audit(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      Model model) {
    int p = Math.max(page, 0);
    AuditLog.Filter f = filter(actor, action, q, from, to);
    model.addAttribute("records", audit.search(f, p, 100));
    model.addAttribute("page", p);
    model.addAttribute("total", audit.count());
    model.addAttribute("matching", audit.count(f));
    model.addAttribute("filtered", f.any());
    model.addAttribute("actions", audit.actions());
    model.addAttribute("actor", actor);
    model.addAttribute("action", action);
    model.addAttribute("q", q);
    model.addAttribute("from", from);
    model.addAttribute("to", to);
    model.addAttribute("active", "admin");
    return "admin-audit";
  }

  /**
   * The audit page's filter. {@code from} and {@code to} are days (UTC, as the console shows
   * times), both included.
   */
  static AuditLog.Filter filter(String actor, String action, String q, String from, String to) {
    return new AuditLog.Filter(actor, action, q, day(from, "from", 0), day(to, "to", 1));
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
      throw new org.springframework.web.server.ResponseStatusException(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          field + ": a day as 2026-12-07, not '" + s + "'");
    }
  }

  @PostMapping("/admin/audit/verify")
  public String verify(Model model) {
    model.addAttribute("result", audit.verify());
    return "admin-audit :: verification";
  }
}
