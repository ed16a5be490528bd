package dev.haechi.app.status;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the public status page, its Atom feed and the Statuspage-compatible JSON straight from the
 * in-memory {@link StatusSnapshot}, ahead of Spring Security and Spring MVC: a request costs a rate
 * check and a byte copy, and a flood of visitors never reaches the database or the admin side.
 * These addresses are public by design (FORMATS.md §4); the security headers are set here.
 *
 * <p>Each client address is limited by a token bucket ({@code haechi.status.rate-per-second}, burst
 * twice that); beyond it the answer is 429 with {@code Retry-After}. The table of buckets is
 * bounded: past 100,000 clients it is cleared.
 */
final class PublicStatusFilter extends OncePerRequestFilter {
  private final StatusBoard board;
  private final double rate;
  private final double burst;
  private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

  PublicStatusFilter(StatusBoard board, int ratePerSecond) {
    this.board = board;
    this.rate = ratePerSecond;
    this.burst = 2.0 * ratePerSecond;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    StatusSnapshot s = board.snapshot();
    byte[] body = s.get(path);
    boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    if (body == null || !read) {
      chain.doFilter(request, response);
      return;
    }
    if (!take(request.getRemoteAddr(), System.nanoTime())) {
      response.setStatus(429);
      response.setHeader("Retry-After", "1");
      return;
    }
    response.setHeader("ETag", s.etag());
    response.setHeader("Cache-Control", "public, no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if (s.etag().equals(request.getHeader("If-None-Match"))) {
      response.setStatus(304);
      return;
    }
    if (path.endsWith(".json")) {
      response.setContentType("application/json");
      response.setHeader("Access-Control-Allow-Origin", "*");
    } else if (path.endsWith(".atom")) {
      response.setContentType("application/atom+xml;charset=UTF-8");
    } else {
      response.setContentType("text/html;charset=UTF-8");
      response.setHeader("X-Frame-Options", "DENY");
      response.setHeader(
          "Content-Security-Policy",
          "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self';"
              + " frame-ancestors 'none'");
    }
    response.setContentLength(body.length);
    if ("GET".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  boolean take(String client, long nanos) {
    if (buckets.size() > 100_000) {
      buckets.clear();
    }
    double[] b = buckets.computeIfAbsent(client, k -> new double[] {burst, nanos});
    synchronized (b) {
      b[0] = Math.min(burst, b[0] + (nanos - b[1]) / 1e9 * rate);
      b[1] = nanos;
      if (b[0] < 1) {
        return false;
      }
      b[0] -= 1;
      return true;
    }
  }
}
