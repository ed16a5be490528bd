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
  public String users(Model model) {
    model.addAttribute("users", users.list());
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
  public String audit(@RequestParam(defaultValue = "0") int page, Model model) {
    int p = Math.max(page, 0);
    model.addAttribute("records", audit.page(p, 100));
    model.addAttribute("page", p);
    model.addAttribute("total", audit.count());
    model.addAttribute("active", "admin");
    return "admin-audit";
  }

  @PostMapping("/admin/audit/verify")
  public String verify(Model model) {
    model.addAttribute("result", audit.verify());
    return "admin-audit :: verification";
  }
}
