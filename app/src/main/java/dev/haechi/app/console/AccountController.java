package dev.haechi.app.console;

import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.app.security.SessionGuard;
import dev.haechi.app.security.UserStore;
import dev.haechi.core.Durations;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The signed-in user's own page: password and API tokens. */
@Controller
public class AccountController {
  private final ApiTokenStore tokens;
  private final UserStore users;

  public AccountController(ApiTokenStore tokens, UserStore users) {
    this.tokens = tokens;
    this.users = users;
  }

  @GetMapping("/account")
  public String account(Authentication auth, Model model) {
    model.addAttribute("tokens", tokens.list(auth.getName()));
    model.addAttribute("roles", Role.values());
    model.addAttribute("active", "account");
    return "account";
  }

  @PostMapping("/account/tokens")
  public String issue(
      @RequestParam String name,
      @RequestParam String role,
      @RequestParam(required = false) String expiresIn,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      Instant expires =
          expiresIn == null || expiresIn.isBlank()
              ? null
              : Instant.now().plus(Durations.parse(expiresIn));
      var issued = tokens.issue(auth.getName(), name, Role.parse(role), expires);
      flash.addFlashAttribute("newToken", issued.secret());
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/account";
  }

  @PostMapping("/account/tokens/revoke")
  public String revoke(@RequestParam long id, Authentication auth, RedirectAttributes flash) {
    try {
      tokens.revoke(SecurityConfig.actor(auth), auth.getName(), id);
      flash.addFlashAttribute("message", "Token revoked.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/account";
  }

  @PostMapping("/account/password")
  public String password(
      @RequestParam(name = "currentPassword", required = false) String currentPassword,
      @RequestParam String password,
      Authentication auth,
      HttpServletRequest request,
      RedirectAttributes flash) {
    try {
      long epoch =
          users.changeOwnPassword(
              SecurityConfig.actor(auth), auth.getName(), currentPassword, password);
      // Every other session of this user ends; this one carries on.
      SessionGuard.restamp(request, epoch);
      flash.addFlashAttribute("message", "Password changed; your other sessions were ended.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/account";
  }
}
