package dev.haechi.app.security;

import dev.haechi.app.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a login form submission while its username or client address is throttled, before the
 * password is even checked, and audits the refusal.
 */
class LoginThrottleFilter extends OncePerRequestFilter {
  private final LoginThrottle throttle;
  private final AuditLog audit;

  LoginThrottleFilter(LoginThrottle throttle, AuditLog audit) {
    this.throttle = throttle;
    this.audit = audit;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !("POST".equals(request.getMethod()) && "/login".equals(path));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String user = String.valueOf(request.getParameter("username"));
    if (throttle.isBlocked(user, request.getRemoteAddr())) {
      audit.append(
          user.length() > 200 ? user.substring(0, 200) : user,
          "login.throttled",
          "session",
          "from=" + request.getRemoteAddr());
      response.sendRedirect(request.getContextPath() + "/login?locked");
      return;
    }
    chain.doFilter(request, response);
  }
}
