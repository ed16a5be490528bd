package dev.haechi.app.api;

import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.core.Durations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own API tokens. The secret is returned once, when the token is made. */
@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "tokens")
public class TokensController {
  private final ApiTokenStore tokens;

  public TokensController(ApiTokenStore tokens) {
    this.tokens = tokens;
  }

  /**
   * @param role the token's role, at most the caller's (default: viewer)
   * @param expiresIn a duration such as {@code 90d}; absent = no expiry
   */
  public record NewToken(String name, String role, String expiresIn) {}

  @GetMapping
  @Operation(summary = "The caller's tokens (never their secrets)")
  public List<ApiTokenStore.TokenInfo> list(Authentication auth) {
    return tokens.list(auth.getName());
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Make a token; its secret is in the answer and shown only this once")
  public ApiTokenStore.IssuedToken issue(@RequestBody NewToken body, Authentication auth) {
    if (auth.getDetails() instanceof String d && d.startsWith("token:")) {
      throw new IllegalArgumentException("a token cannot issue tokens; sign in to make one");
    }
    Role role = body.role() == null ? Role.VIEWER : Role.parse(body.role());
    Instant expires =
        body.expiresIn() == null ? null : Instant.now().plus(Durations.parse(body.expiresIn()));
    return tokens.issue(auth.getName(), body.name(), role, expires);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Revoke one of the caller's tokens")
  public void revoke(@PathVariable long id, Authentication auth) {
    tokens.revoke(SecurityConfig.actor(auth), auth.getName(), id);
  }
}
