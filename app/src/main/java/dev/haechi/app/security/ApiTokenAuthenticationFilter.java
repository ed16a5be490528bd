package dev.haechi.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer hct_…} requests with an API token. A bearer token that
 * is unknown, revoked or expired is refused with 401 at once, rather than falling through to other
 * mechanisms, so automation learns its token is bad.
 */
public class ApiTokenAuthenticationFilter extends OncePerRequestFilter {
  private final ApiTokenStore tokens;

  public ApiTokenAuthenticationFilter(ApiTokenStore tokens) {
    this.tokens = tokens;
  }

  static boolean hasBearer(HttpServletRequest request) {
    String h = request.getHeader("Authorization");
    return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  /** API tokens work on the REST API and the metrics scrape address, nowhere else. */
  static boolean tokenRoute(String path) {
    return path.equals("/api") || path.startsWith("/api/") || path.equals("/actuator/prometheus");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!hasBearer(request)) {
      chain.doFilter(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!tokenRoute(path)) {
      // A token is not a login: never on console routes (/account/password, /account/tokens…).
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/problem+json");
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                  + "\"detail\":\"API tokens are accepted on /api/** only; sign in for the"
                  + " console\"}");
      return;
    }
    String presented = request.getHeader("Authorization").substring(7).trim();
    var principal = tokens.authenticate(presented);
    if (principal.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/problem+json");
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                  + "\"detail\":\"the API token is unknown, revoked or expired\"}");
      return;
    }
    var p = principal.get();
    var auth =
        UsernamePasswordAuthenticationToken.authenticated(
            p.username(), null, List.of(new SimpleGrantedAuthority(p.role().authority())));
    auth.setDetails("token:" + p.prefix());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(auth);
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(request, response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }
}
