package dev.haechi.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.ServerTestSupport;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 11 item 7: long deduplication keys are hashed, not clipped (raising one twice used to
 * recurse until the stack overflowed, and two keys differing after character 1000 merged); an
 * acknowledged or closed alert whose activity goes on is open again; alert keys are deterministic.
 */
class AlertStoreTest extends ServerTestSupport {
  @Autowired AlertStore alerts;
  @Autowired JdbcTemplate jdbc;

  @BeforeEach
  void noAlerts() {
    jdbc.update("DELETE FROM alert");
  }

  private AlertStore.Raised raise(String key) {
    return alerts.raise("detection", "rule-1", "A rule", "high", key, Map.of("k", "v"));
  }

  @Test
  void a_key_longer_than_the_column_is_raised_twice_without_recursing_and_counted_once() {
    String key = "detection:rule-1:user.id=" + "x".repeat(1500) + ":2025-06-24";
    AlertStore.Raised first = raise(key);
    AlertStore.Raised second = raise(key);
    assertThat(first.isNew()).isTrue();
    assertThat(second.isNew()).isFalse();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(alerts.get(first.id()).occurrences()).isEqualTo(2);
    assertThat(alerts.exists(key)).isTrue();
    assertThat(alerts.get(first.id()).dedupKey())
        .hasSizeLessThanOrEqualTo(1000)
        .contains("#sha256:");
  }

  @Test
  void two_long_keys_that_differ_only_after_the_column_width_stay_two_alerts() {
    String head = "detection:rule-1:user.id=" + "y".repeat(1200);
    AlertStore.Raised a = raise(head + "A:2025-06-24");
    AlertStore.Raised b = raise(head + "B:2025-06-24");
    assertThat(a.isNew()).isTrue();
    assertThat(b.isNew()).isTrue();
    assertThat(b.id()).isNotEqualTo(a.id());
    assertThat(alerts.list("detection", null, 0, 10).total()).isEqualTo(2);
  }

  @Test
  void an_acknowledged_alert_whose_activity_goes_on_is_open_again_and_audited() {
    AlertStore.Raised first = raise("detection:rule-1:user.id=7:2025-06-24");
    alerts.setStatus("analyst", first.id(), "acknowledged");
    AlertStore.Raised again = raise("detection:rule-1:user.id=7:2025-06-24");
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.reopened()).isTrue();
    Alert a = alerts.get(first.id());
    assertThat(a.status()).isEqualTo("open");
    assertThat(a.occurrences()).isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'alert.reopened' AND target = ?",
                Long.class,
                "alert:" + first.id()))
        .isEqualTo(1);
    // an open alert is only counted
    assertThat(raise("detection:rule-1:user.id=7:2025-06-24").reopened()).isFalse();
  }

  @Test
  void a_closed_alert_whose_activity_goes_on_is_open_again() {
    AlertStore.Raised first = raise("detection:rule-1:user.id=8:2025-06-24");
    alerts.setStatus("analyst", first.id(), "closed");
    assertThat(raise("detection:rule-1:user.id=8:2025-06-24").reopened()).isTrue();
    assertThat(alerts.get(first.id()).status()).isEqualTo("open");
    assertThat(alerts.list("detection", "open", 0, 10).total()).isEqualTo(1);
  }

  @Test
  void the_alert_key_is_a_function_of_source_and_dedup_key_the_same_after_a_new_raise() {
    String dedup = "detection:rule-1:user.id=9:2025-06-24";
    long id = raise(dedup).id();
    String key = alerts.get(id).alertKey();
    assertThat(key).hasSize(64).isEqualTo(AlertStore.alertKey("detection", dedup));
    jdbc.update("DELETE FROM alert");
    long id2 = raise(dedup).id();
    assertThat(id2).isNotEqualTo(id);
    assertThat(alerts.get(id2).alertKey()).isEqualTo(key);
    assertThat(AlertStore.alertKey("detection", "detection:rule-1:user.id=10:2025-06-24"))
        .isNotEqualTo(key);
  }
}
