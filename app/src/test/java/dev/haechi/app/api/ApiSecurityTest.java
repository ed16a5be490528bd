package dev.haechi.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class ApiSecurityTest extends ServerTestSupport {
  @Autowired AuditLog audit;

  @Test
  void a_viewer_token_reads_but_cannot_create_users_or_read_the_audit_log() throws Exception {
    String token = "Bearer " + tokenFor("api-viewer", Role.VIEWER);
    mvc.perform(get("/api/v1/me").header("Authorization", token))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.username").value("api-viewer"))
        .andExpect(jsonPath("$.role").value("viewer"));
    mvc.perform(get("/api/v1/findings").header("Authorization", token)).andExpect(status().isOk());
    mvc.perform(
            post("/api/v1/users")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"x1\",\"password\":\"123456789012\",\"role\":\"admin\"}"))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/audit").header("Authorization", token))
        .andExpect(status().isForbidden());
  }

  @Test
  void an_admin_token_creates_a_user_and_the_change_is_audited() throws Exception {
    String token = "Bearer " + tokenFor("api-admin", Role.ADMIN);
    mvc.perform(
            post("/api/v1/users")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"username\":\"new-analyst\",\"password\":\"a-good-long-password\","
                        + "\"role\":\"analyst\"}"))
        .andExpect(status().isCreated())
        .andExpect(jsonPath("$.role").value("analyst"))
        .andExpect(jsonPath("$.passwordHash").doesNotExist());
    var last = audit.page(0, 5);
    assertThat(last)
        .anySatisfy(
            r -> {
              assertThat(r.action()).isEqualTo("user.created");
              assertThat(r.target()).isEqualTo("user:new-analyst");
              assertThat(r.actor()).startsWith("api-admin (token:");
            });
    assertThat(audit.verify().intact()).isTrue();
  }

  @Test
  void bad_user_input_is_refused_naming_the_field() throws Exception {
    String token = "Bearer " + tokenFor("api-admin2", Role.ADMIN);
    mvc.perform(
            post("/api/v1/users")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"shorty\",\"password\":\"short\",\"role\":\"viewer\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("password: must be at least 12 characters"));
    mvc.perform(get("/api/v1/findings?severity=urgent").header("Authorization", token))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'urgent'")));
  }

  @Test
  void a_revoked_or_unknown_token_is_refused() throws Exception {
    ensureUser("api-revoker", Role.ANALYST);
    var issued = tokens.issue("api-revoker", "to revoke", Role.ANALYST, null);
    mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + issued.secret()))
        .andExpect(status().isOk());
    mvc.perform(
            delete("/api/v1/tokens/" + issued.info().id())
                .header("Authorization", "Bearer " + issued.secret()))
        .andExpect(status().isNoContent());
    mvc.perform(get("/api/v1/me").header("Authorization", "Bearer " + issued.secret()))
        .andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/me").header("Authorization", "Bearer hct_nonsense"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void a_token_cannot_carry_more_than_its_users_role() {
    ensureUser("api-low", Role.VIEWER);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> tokens.issue("api-low", "escalate", Role.ADMIN, null))
        .hasMessageContaining("a viewer cannot issue a token with role admin");
  }

  @Test
  void tokens_are_stored_only_as_hashes() throws Exception {
    String secret = tokenFor("api-hash", Role.VIEWER);
    Integer plain =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM api_token WHERE token_hash = ? OR token_prefix = ?",
            Integer.class,
            secret,
            secret);
    assertThat(plain).isZero();
  }

  @Autowired org.springframework.jdbc.core.JdbcTemplate jdbc;

  @Test
  void console_forms_need_a_csrf_token_but_bearer_api_calls_do_not() throws Exception {
    mvc.perform(
            post("/admin/users")
                .with(
                    org.springframework.security.test.web.servlet.request
                        .SecurityMockMvcRequestPostProcessors.user("admin")
                        .roles("ADMIN"))
                .param("username", "csrf-victim")
                .param("password", "a-good-long-password")
                .param("role", "admin"))
        .andExpect(status().isForbidden());
    assertThat(users.find("csrf-victim")).isEmpty();
    String token = "Bearer " + tokenFor("api-analyst", Role.ANALYST);
    mvc.perform(
            post("/api/v1/tokens")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.detail").value("a token cannot issue tokens; sign in to make one"));
  }

  @Test
  void login_is_audited_and_throttled_after_repeated_failures() throws Exception {
    ensureUser("throttled", Role.VIEWER);
    for (int i = 0; i < 3; i++) {
      mvc.perform(
              post("/login").with(csrf()).param("username", "throttled").param("password", "wrong"))
          .andExpect(redirectedUrl("/login?error"));
    }
    mvc.perform(
            post("/login").with(csrf()).param("username", "throttled").param("password", PASSWORD))
        .andExpect(redirectedUrl("/login?locked"));
    assertThat(audit.page(0, 10))
        .extracting(r -> r.action() + " " + r.actor())
        .contains("login.failed throttled", "login.throttled throttled");
    // The lockout is per user and address: the real user elsewhere still signs in (issue 12).
    mvc.perform(
            post("/login")
                .with(csrf())
                .with(
                    r -> {
                      r.setRemoteAddr("192.0.2.44");
                      return r;
                    })
                .param("username", "throttled")
                .param("password", PASSWORD))
        .andExpect(redirectedUrl("/"));

    ensureUser("good-login", Role.VIEWER);
    mvc.perform(
            post("/login").with(csrf()).param("username", "good-login").param("password", PASSWORD))
        .andExpect(redirectedUrl("/"));
    assertThat(audit.page(0, 5))
        .extracting(r -> r.action() + " " + r.actor())
        .contains("login.success good-login");
  }

  @Test
  void pages_carry_the_security_headers() throws Exception {
    mvc.perform(get("/login"))
        .andExpect(status().isOk())
        .andExpect(header().string("X-Frame-Options", "DENY"))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(
            header()
                .string(
                    "Content-Security-Policy",
                    org.hamcrest.Matchers.containsString("script-src 'self'")))
        .andExpect(header().string("Referrer-Policy", "same-origin"));
  }

  @Test
  void the_openapi_document_describes_the_api_to_signed_in_users() throws Exception {
    mvc.perform(get("/api/v1/openapi.json")).andExpect(status().isUnauthorized());
    String token = "Bearer " + tokenFor("api-doc-reader", Role.VIEWER);
    mvc.perform(get("/api/v1/openapi.json").header("Authorization", token))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.paths['/api/v1/users']").exists())
        .andExpect(jsonPath("$.paths['/api/v1/findings']").exists());
  }
}
