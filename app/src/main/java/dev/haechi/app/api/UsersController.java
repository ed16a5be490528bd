package dev.haechi.app.api;

import dev.haechi.app.security.AppUser;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.app.security.UserStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users of Haechi. Admins only; every change is audited. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "users")
public class UsersController {
  private final UserStore users;

  public UsersController(UserStore users) {
    this.users = users;
  }

  /** A user as shown by the API: never the password hash. */
  public record UserView(
      String username, String role, boolean enabled, String source, Instant createdAt) {
    static UserView of(AppUser u) {
      return new UserView(u.username(), u.role().label(), u.enabled(), u.source(), u.createdAt());
    }
  }

  public record NewUser(String username, String password, String role) {}

  public record UserChange(String role, Boolean enabled) {}

  @GetMapping
  @Operation(summary = "All users")
  public List<UserView> list() {
    return users.list().stream().map(UserView::of).toList();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a local user")
  public UserView create(@RequestBody NewUser body, Authentication auth) {
    if (body.role() == null) {
      throw new IllegalArgumentException("role: required (viewer, analyst or admin)");
    }
    return UserView.of(
        users.createLocal(
            SecurityConfig.actor(auth), body.username(), body.password(), Role.parse(body.role())));
  }

  @PatchMapping("/{username}")
  @Operation(summary = "Change a user's role or enable/disable them")
  public UserView change(
      @PathVariable String username, @RequestBody UserChange body, Authentication auth) {
    return UserView.of(
        users.update(
            SecurityConfig.actor(auth),
            username,
            body.role() == null ? null : Role.parse(body.role()),
            body.enabled()));
  }
}
