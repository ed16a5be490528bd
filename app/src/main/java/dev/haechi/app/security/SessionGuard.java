package dev.haechi.app.security;

import dev.haechi.app.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes a signed-in session follow its user (issue 12, item 1). Every request of a session is
 * checked against the store: when the user was disabled, deleted, or had their role or password
 * changed since the session signed in (the user's {@code session_epoch} moved), or when the session
 * is older than the absolute lifetime ({@code haechi.session.absolute-timeout}, default 12h), the
 * session is invalidated and the request continues unauthenticated, so it is refused (401 on the
 * API, the sign-in page on the console). API-token requests are checked by {@link ApiTokenStore}
 * against the user's current role and state on every call.
 */
public class SessionGuard extends OncePerRequestFilter {
  static final String EPOCH = "haechi.session.epoch";
  static final String SIGNED_IN_AT = "haechi.session.signed-in-at";

  private final UserStore users;
  private final AuditLog audit;
  private final Duration absoluteLifetime;
  private final Clock clock;

  public SessionGuard(UserStore users, AuditLog audit, Duration absoluteLifetime, Clock clock) {
    this.users = users;
    this.audit = audit;
    this.absoluteLifetime = absoluteLifetime;
    this.clock = clock;
  }

  /** Stamps a session that has just signed in with the user's epoch and the time. */
  public static void stamp(HttpServletRequest request, UserStore users, String username) {
    HttpSession session = request.getSession(true);
    session.setAttribute(EPOCH, users.sessionEpoch(username));
    session.setAttribute(SIGNED_IN_AT, Instant.now());
  }

  /** Keeps the caller's own session after it raised its user's epoch (own password change). */
  public static void restamp(HttpServletRequest request, long epoch) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.setAttribute(EPOCH, epoch);
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    HttpSession session = request.getSession(false);
    if (auth != null
        && auth.isAuthenticated()
        && session != null
        && !(auth.getDetails() instanceof String d && d.startsWith("token:"))
        && !"anonymousUser".equals(auth.getPrincipal())) {
      String reason = reasonToEnd(auth, session);
      if (reason != null) {
        audit.append(
            auth.getName(),
            "session.ended",
            "session",
            reason + " from=" + request.getRemoteAddr());
        session.invalidate();
        SecurityContextHolder.clearContext();
      }
    }
    chain.doFilter(request, response);
  }

  private String reasonToEnd(Authentication auth, HttpSession session) {
    var user = users.find(auth.getName());
    if (user.isEmpty()) {
      return "user no longer exists";
    }
    if (!user.get().enabled()) {
      return "user disabled";
    }
    Object epoch = session.getAttribute(EPOCH);
    Object signedIn = session.getAttribute(SIGNED_IN_AT);
    if (!(epoch instanceof Long e) || !(signedIn instanceof Instant at)) {
      // Both sign-in paths stamp the session; one authenticated another way (a test's mock user)
      // is stamped on first sight, from when on it follows the user like any other.
      session.setAttribute(EPOCH, users.sessionEpoch(auth.getName()));
      session.setAttribute(SIGNED_IN_AT, clock.instant());
      return null;
    }
    if (e != users.sessionEpoch(auth.getName())) {
      return "user's role, state or password changed";
    }
    boolean roleMatches = false;
    for (GrantedAuthority a : auth.getAuthorities()) {
      roleMatches |= a.getAuthority().equals(user.get().role().authority());
    }
    if (!roleMatches) {
      return "user's role changed";
    }
    if (at.plus(absoluteLifetime).isBefore(clock.instant())) {
      return "absolute session lifetime of " + absoluteLifetime + " reached";
    }
    return null;
  }
}
