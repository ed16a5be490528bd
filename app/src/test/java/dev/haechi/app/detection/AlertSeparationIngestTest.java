package dev.haechi.app.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 11 reproduction "two people merged into one alert": two members whose tokens carry the same
 * untrusted kid were one alert, keyed by the kid; they are two, one per person. And an acknowledged
 * alert whose activity goes on is open again through the ingest path.
 */
class AlertSeparationIngestTest extends ServerTestSupport {
  static final String FIRST =
      "{\"@timestamp\":\"2025-06-24T03:12:45.123Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"1000234\"},\"user\":{\"id\":\"1000234\"}}";
  static final String SECOND =
      "{\"@timestamp\":\"2025-06-24T03:13:10.000Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"1000999\"},\"user\":{\"id\":\"1000999\"}}";

  @Autowired AlertStore alerts;
  @Autowired DetectionService detection;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void noAlerts() {
    detection.loaded(); // compiled before the first batch (which would otherwise get 429 while it
    // compiles)
    jdbc.update("DELETE FROM alert");
  }

  private void send(String token, String batch, int newAlerts, int reopened) throws Exception {
    mvc.perform(
            post("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .contentType("application/x-ndjson")
                .content(batch))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.newAlerts").value(newAlerts))
        .andExpect(jsonPath("$.reopenedAlerts").value(reopened))
        .andExpect(jsonPath("$.alertsNotStored").value(0));
  }

  @Test
  void two_people_signed_by_one_key_are_two_alerts() throws Exception {
    String token = tokenFor("separation-analyst", Role.ANALYST);
    send(token, FIRST + "\n" + SECOND + "\n", 2, 0);
    var stored = alerts.list("detection", null, 0, 10).items();
    assertThat(stored).hasSize(2);
    assertThat(stored)
        .extracting(a -> a.title())
        .anySatisfy(t -> assertThat(t).contains("1000234"));
    assertThat(stored)
        .extracting(a -> a.title())
        .anySatisfy(t -> assertThat(t).contains("1000999"));
    assertThat(stored.get(0).alertKey()).isNotEqualTo(stored.get(1).alertKey());
  }

  @Test
  void an_acknowledged_alert_is_open_again_when_the_same_person_goes_on() throws Exception {
    String token = tokenFor("separation-analyst2", Role.ANALYST);
    send(token, FIRST + "\n", 1, 0);
    long id = alerts.list("detection", null, 0, 10).items().get(0).id();
    alerts.setStatus("analyst", id, "acknowledged");
    send(token, FIRST + "\n", 0, 1);
    assertThat(alerts.get(id).status()).isEqualTo("open");
    assertThat(alerts.get(id).occurrences()).isEqualTo(2);
  }
}
