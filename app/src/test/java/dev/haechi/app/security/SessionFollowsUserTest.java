package dev.haechi.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;

/**
 * Issue 12 items 1 and 2, through the server's whole filter chain with real sign-ins: a session
 * follows its user (role, state, password, absolute lifetime) and an API token is not a login.
 */
class SessionFollowsUserTest extends ServerTestSupport {
  @Autowired AuditLog audit;

  private MockHttpSession signIn(String username, String password) throws Exception {
    var result =
        mvc.perform(
                post("/login").with(csrf()).param("username", username).param("password", password))
            .andExpect(redirectedUrl("/"))
            .andReturn();
    return (MockHttpSession) result.getRequest().getSession(false);
  }

  private void changeUser(String username, String json) throws Exception {
    mvc.perform(
            patch("/api/v1/users/" + username)
                .header("Authorization", "Bearer " + tokenFor("sess-boss", Role.ADMIN))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json))
        .andExpect(status().isOk());
  }

  @Test
  void a_demoted_admins_open_session_no_longer_acts_as_admin() throws Exception {
    ensureUser("sess-demoted", Role.ADMIN);
    MockHttpSession session = signIn("sess-demoted", PASSWORD);
    mvc.perform(get("/api/v1/users").session(session)).andExpect(status().isOk());
    mvc.perform(get("/admin/users").session(session)).andExpect(status().isOk());

    changeUser("sess-demoted", "{\"role\":\"viewer\"}");

    mvc.perform(get("/api/v1/users").session(session)).andExpect(status().isUnauthorized());
    assertThat(session.isInvalid()).isTrue();
    assertThat(audit.page(0, 10))
        .anySatisfy(
            r -> {
              assertThat(r.action()).isEqualTo("session.ended");
              assertThat(r.actor()).isEqualTo("sess-demoted");
            });
    // Signing in again gives the new role.
    MockHttpSession again = signIn("sess-demoted", PASSWORD);
    mvc.perform(get("/api/v1/users").session(again)).andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/findings").session(again)).andExpect(status().isOk());
  }

  @Test
  void disabling_a_user_ends_their_console_session_at_once() throws Exception {
    ensureUser("sess-disabled", Role.ANALYST);
    MockHttpSession session = signIn("sess-disabled", PASSWORD);
    mvc.perform(get("/alerts").session(session)).andExpect(status().isOk());

    changeUser("sess-disabled", "{\"enabled\":false}");

    mvc.perform(get("/alerts").session(session).accept(MediaType.TEXT_HTML))
        .andExpect(status().is3xxRedirection())
        .andExpect(redirectedUrl("/login"));
  }

  @Test
  void a_password_change_needs_the_current_one_and_ends_the_users_other_sessions()
      throws Exception {
    ensureUser("sess-pw", Role.VIEWER);
    MockHttpSession laptop = signIn("sess-pw", PASSWORD);
    MockHttpSession stolen = signIn("sess-pw", PASSWORD);

    mvc.perform(
            post("/account/password")
                .session(stolen)
                .with(csrf())
                .param("currentPassword", "not-the-password")
                .param("password", "an-attackers-new-password"))
        .andExpect(redirectedUrl("/account"))
        .andExpect(flash().attribute("error", "current-password: is not your current password"));
    mvc.perform(
            post("/account/password")
                .session(stolen)
                .with(csrf())
                .param("password", "an-attackers-new-password"))
        .andExpect(flash().attribute("error", "current-password: is not your current password"));

    mvc.perform(
            post("/account/password")
                .session(laptop)
                .with(csrf())
                .param("currentPassword", PASSWORD)
                .param("password", "a-brand-new-password"))
        .andExpect(redirectedUrl("/account"))
        .andExpect(flash().attributeExists("message"));

    mvc.perform(get("/api/v1/me").session(laptop)).andExpect(status().isOk());
    mvc.perform(get("/api/v1/me").session(stolen)).andExpect(status().isUnauthorized());
    signIn("sess-pw", "a-brand-new-password");
  }

  @Test
  void a_session_ends_after_its_absolute_lifetime_even_when_busy() throws Exception {
    ensureUser("sess-old", Role.VIEWER);
    MockHttpSession session = signIn("sess-old", PASSWORD);
    mvc.perform(get("/api/v1/me").session(session)).andExpect(status().isOk());
    session.setAttribute(SessionGuard.SIGNED_IN_AT, Instant.now().minus(Duration.ofHours(13)));
    mvc.perform(get("/api/v1/me").session(session)).andExpect(status().isUnauthorized());
  }

  @Test
  void an_api_token_is_refused_on_console_routes_and_cannot_mint_tokens() throws Exception {
    String token = "Bearer " + tokenFor("sess-token-admin", Role.ADMIN);
    mvc.perform(
            post("/account/password")
                .header("Authorization", token)
                .param("password", "stolen-token-password"))
        .andExpect(status().isUnauthorized());
    mvc.perform(
            post("/account/tokens")
                .header("Authorization", token)
                .param("name", "minted")
                .param("role", "admin"))
        .andExpect(status().isUnauthorized());
    mvc.perform(get("/admin/users").header("Authorization", token))
        .andExpect(status().isUnauthorized());
    mvc.perform(get("/account").header("Authorization", token))
        .andExpect(status().isUnauthorized());
    assertThat(tokens.list("sess-token-admin")).extracting(t -> t.name()).doesNotContain("minted");
    // …and still works on the API.
    mvc.perform(get("/api/v1/users").header("Authorization", token)).andExpect(status().isOk());
  }
}
