package dev.haechi.app.security;

import dev.haechi.app.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may reach what. The route table below is the whole policy: public addresses are listed
 * explicitly (FORMATS.md §4: the status page, its feed, the Statuspage JSON and health), everything
 * else needs a signed-in user or an API token, and a role. {@code RouteSecurityTest} walks every
 * mapped route to prove none is left open.
 */
@Configuration
public class SecurityConfig {
  static final String[] PUBLIC =
      new String[] {
        "/status", "/status/**", "/api/v2/**", "/actuator/health", "/actuator/health/**",
      };
  static final String[] ASSETS =
      new String[] {"/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error"};

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
          + "form-action 'self'; base-uri 'self'; object-src 'none'";

  @Bean
  PasswordEncoder passwordEncoder() {
    var argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    var encoders =
        Map.<String, PasswordEncoder>of("argon2", argon2, "bcrypt", new BCryptPasswordEncoder());
    return new DelegatingPasswordEncoder("argon2", encoders);
  }

  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.withDefaultRolePrefix()
        .role("ADMIN")
        .implies("ANALYST")
        .role("ANALYST")
        .implies("VIEWER")
        .build();
  }

  @Bean
  LoginThrottle loginThrottle(
      @Value("${haechi.login.max-failures-per-user:5}") int perUser,
      @Value("${haechi.login.max-failures-per-address:20}") int perAddress,
      @Value("${haechi.login.lockout:15m}") String lockout) {
    return new LoginThrottle(
        perUser, perAddress, dev.haechi.core.Durations.parse(lockout), Clock.systemUTC());
  }

  @Bean
  SecurityFilterChain filterChain(
      HttpSecurity http,
      ApiTokenStore tokens,
      LoginThrottle throttle,
      AuditLog audit,
      ObjectProvider<ClientRegistrationRepository> oidcClients,
      UserStore users,
      @Value("${haechi.oidc.username-claim:preferred_username}") String oidcUsernameClaim,
      @Value("${haechi.oidc.default-role:viewer}") String oidcDefaultRole,
      @Value("${haechi.session.absolute-timeout:12h}") String absoluteTimeout)
      throws Exception {
    var apiMatcher = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
    var actuatorMatcher = PathPatternRequestMatcher.withDefaults().matcher("/actuator/**");
    http.authorizeHttpRequests(
        a ->
            a.requestMatchers(PUBLIC)
                .permitAll()
                .requestMatchers(ASSETS)
                .permitAll()
                .requestMatchers("/actuator/**")
                .hasRole("ADMIN")
                .requestMatchers(
                    "/admin/**",
                    "/api/v1/identity/plans/*/approve",
                    "/api/v1/identity/plans/*/execute",
                    "/api/v1/identity/plans/*/actions/*/reverse",
                    "/api/v1/identity/plans/*/actions/*/complete",
                    "/api/v1/identity/cases/*/decision/approve",
                    "/api/v1/identity/sources",
                    "/api/v1/identity/sources/**",
                    "/api/v1/admin/**",
                    "/api/v1/users/**",
                    "/api/v1/audit/**",
                    "/api/v1/settings/**")
                .hasRole("ADMIN")
                .requestMatchers("/api/v1/tokens/**", "/account/**")
                .hasRole("VIEWER")
                .requestMatchers(HttpMethod.GET, "/api/**")
                .hasRole("VIEWER")
                .requestMatchers("/api/**")
                .hasRole("ANALYST")
                .requestMatchers(HttpMethod.GET, "/**")
                .hasRole("VIEWER")
                .anyRequest()
                .hasRole("ANALYST"));
    http.addFilterBefore(
        new ApiTokenAuthenticationFilter(tokens), UsernamePasswordAuthenticationFilter.class);
    http.addFilterBefore(
        new LoginThrottleFilter(throttle, audit), UsernamePasswordAuthenticationFilter.class);
    http.addFilterBefore(
        new SessionGuard(
            users, audit, dev.haechi.core.Durations.parse(absoluteTimeout), Clock.systemUTC()),
        AuthorizationFilter.class);
    http.csrf(c -> c.ignoringRequestMatchers(ApiTokenAuthenticationFilter::hasBearer));
    http.exceptionHandling(
        e -> {
          e.defaultAuthenticationEntryPointFor(
              new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), apiMatcher);
          e.defaultAuthenticationEntryPointFor(
              new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), actuatorMatcher);
        });
    http.formLogin(
        f ->
            f.loginPage("/login")
                .successHandler(
                    (req, res, auth) -> {
                      throttle.recordSuccess(auth.getName(), req.getRemoteAddr());
                      SessionGuard.stamp(req, users, auth.getName());
                      audit.append(auth.getName(), "login.success", "session", from(req));
                      res.sendRedirect(req.getContextPath() + afterLogin(req, res));
                    })
                .failureHandler(
                    (req, res, ex) -> {
                      String user = String.valueOf(req.getParameter("username"));
                      throttle.recordFailure(user, req.getRemoteAddr());
                      audit.append(
                          user.length() > 200 ? user.substring(0, 200) : user,
                          "login.failed",
                          "session",
                          from(req) + " reason=" + ex.getClass().getSimpleName());
                      res.sendRedirect(req.getContextPath() + "/login?error");
                    }));
    http.logout(
        l ->
            l.logoutUrl("/logout")
                .addLogoutHandler(
                    (req, res, auth) -> {
                      if (auth != null) {
                        audit.append(auth.getName(), "logout", "session", from(req));
                      }
                    })
                .logoutSuccessUrl("/login?logout"));
    if (oidcClients.getIfAvailable() != null) {
      OidcUserMapping mapping = new OidcUserMapping(users, oidcUsernameClaim, oidcDefaultRole);
      http.oauth2Login(
          o ->
              o.loginPage("/login")
                  .userInfoEndpoint(u -> u.oidcUserService(mapping))
                  .successHandler(
                      (req, res, auth) -> {
                        SessionGuard.stamp(req, users, auth.getName());
                        audit.append(auth.getName(), "login.success", "oidc", from(req));
                        res.sendRedirect(req.getContextPath() + "/");
                      }));
    }
    http.headers(
        h ->
            h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .addHeaderWriter(
                    new StaticHeadersWriter(
                        "Permissions-Policy", "camera=(), microphone=(), geolocation=()")));
    return http.build();
  }

  /**
   * Where a sign-in goes: the console page that was asked for before it (a link from a webhook
   * message, a bookmark), else the overview. Only a path on this server is followed, never an API
   * call, an error page or a page fragment.
   */
  static String afterLogin(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res) {
    var cache = new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
    var saved = cache.getRequest(req, res);
    if (saved == null || !"GET".equalsIgnoreCase(saved.getMethod())) {
      return "/";
    }
    cache.removeRequest(req, res);
    String path;
    try {
      java.net.URI uri = java.net.URI.create(saved.getRedirectUrl());
      // the request cache marks its URL with a "continue" parameter: not part of the page
      String query =
          uri.getRawQuery() == null
              ? ""
              : String.join(
                  "&",
                  java.util.Arrays.stream(uri.getRawQuery().split("&"))
                      .filter(p -> !p.equals("continue") && !p.startsWith("continue="))
                      .toList());
      path = uri.getRawPath() + (query.isEmpty() ? "" : "?" + query);
    } catch (IllegalArgumentException e) {
      return "/";
    }
    String ctx = req.getContextPath();
    if (!ctx.isEmpty() && path.startsWith(ctx)) {
      path = path.substring(ctx.length());
    }
    if (!path.startsWith("/")
        || path.startsWith("//")
        || path.startsWith("/api/")
        || path.startsWith("/error")
        || path.startsWith("/login")
        || path.startsWith("/actuator")
        || path.endsWith("/live")
        || path.contains("format=")) {
      return "/";
    }
    return path;
  }

  static String from(HttpServletRequest req) {
    return "from=" + req.getRemoteAddr();
  }

  /** The name an action is audited under: the user, or the user and token for API calls. */
  /** True when the authentication carries the admin role (a token: its own role). */
  public static boolean isAdmin(Authentication auth) {
    return auth != null
        && auth.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_ADMIN"));
  }

  public static String actor(Authentication auth) {
    if (auth == null) {
      return "anonymous";
    }
    Object details = auth.getDetails();
    if (details instanceof String s && s.startsWith("token:")) {
      return auth.getName() + " (" + s + ")";
    }
    return auth.getName();
  }
}
