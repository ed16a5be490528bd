package dev.haechi.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

class SettingsApiTest extends ServerTestSupport {
  @Autowired AuditLog audit;

  @Test
  void an_admin_changes_a_setting_and_the_change_is_audited_with_old_and_new_value()
      throws Exception {
    String token = "Bearer " + tokenFor("settings-admin", Role.ADMIN);
    mvc.perform(
            put("/api/v1/settings/identity.mass-change.max-count")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\":\"20\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$['identity.mass-change.max-count']").value("20"));
    assertThat(audit.page(0, 3))
        .anySatisfy(
            r -> {
              assertThat(r.action()).isEqualTo("setting.changed");
              assertThat(r.details()).isEqualTo("50 -> 20");
            });
  }

  @Test
  void a_secret_setting_is_never_shown_or_audited_in_clear() throws Exception {
    String token = "Bearer " + tokenFor("settings-admin2", Role.ADMIN);
    mvc.perform(
            put("/api/v1/settings/alerts.webhook-url")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\":\"https://hooks.example/T0/secret-token\"}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$['alerts.webhook-url']").value("(set)"));
    assertThat(audit.page(0, 20)).noneMatch(r -> r.details().contains("secret-token"));
  }

  @Test
  void a_bad_value_is_refused_naming_the_setting_and_an_analyst_may_not_read_settings()
      throws Exception {
    String token = "Bearer " + tokenFor("settings-admin3", Role.ADMIN);
    mvc.perform(
            put("/api/v1/settings/identity.mass-change.max-share")
                .header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"value\":\"1.5\"}"))
        .andExpect(status().isBadRequest())
        .andExpect(
            jsonPath("$.detail")
                .value("identity.mass-change.max-share: must be above 0 and at most 1"));
    mvc.perform(
            get("/api/v1/settings")
                .header("Authorization", "Bearer " + tokenFor("settings-analyst", Role.ANALYST)))
        .andExpect(status().isForbidden());
  }
}
