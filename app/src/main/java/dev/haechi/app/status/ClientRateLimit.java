package dev.haechi.app.status;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link PublicStatusFilter} ahead of Spring Security on the public status addresses. */
@Configuration
public class ClientRateLimit {

  @Bean
  FilterRegistrationBean<PublicStatusFilter> publicStatus(
      StatusBoard board, @Value("${haechi.status.rate-per-second:200}") int ratePerSecond) {
    var reg = new FilterRegistrationBean<>(new PublicStatusFilter(board, ratePerSecond));
    reg.addUrlPatterns("/status", "/status/*", "/api/v2/*");
    reg.setOrder(-200);
    return reg;
  }
}
