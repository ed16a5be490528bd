package dev.haechi.app.status;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits each client address on the public status addresses with a token bucket ({@code
 * haechi.status.rate-per-second}, burst twice that), answering 429 beyond it, so one client cannot
 * starve the others. The table is bounded: when it grows past 100,000 clients it is cleared.
 */
@Configuration
public class ClientRateLimit {

  @Bean
  FilterRegistrationBean<OncePerRequestFilter> statusRateLimit(
      @Value("${haechi.status.rate-per-second:200}") int ratePerSecond) {
    var reg = new FilterRegistrationBean<OncePerRequestFilter>(new Limiter(ratePerSecond));
    reg.addUrlPatterns("/status", "/status/*", "/api/v2/*");
    reg.setOrder(-200);
    return reg;
  }

  static final class Limiter extends OncePerRequestFilter {
    private final double rate;
    private final double burst;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

    Limiter(int ratePerSecond) {
      this.rate = ratePerSecond;
      this.burst = 2.0 * ratePerSecond;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (!take(request.getRemoteAddr(), System.nanoTime())) {
        response.setStatus(429);
        response.setHeader("Retry-After", "1");
        return;
      }
      chain.doFilter(request, response);
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
}
