package dev.haechi.app.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.detection.engine.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 11 item 7, without a database: who an alert is about, its window, and a store failure that
 * must not stop the batch.
 */
class DetectionAlertsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode event(String json) {
    return JSON.readTree(json);
  }

  private static Alert single(String json) {
    JsonNode e = event(json);
    return new Alert(
        "rule-1",
        "Untrusted key",
        "critical",
        e.path("@timestamp").asString(),
        List.of(),
        Map.of(),
        e,
        List.of());
  }

  @Test
  void two_people_presenting_tokens_of_one_key_are_two_alerts_not_one() {
    Alert a =
        single(
            "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"token\":{\"kid\":\"auth-2022-01\","
                + "\"sub\":\"1000234\"},\"user\":{\"id\":\"1000234\"}}");
    Alert b =
        single(
            "{\"@timestamp\":\"2025-06-24T03:15:00Z\",\"token\":{\"kid\":\"auth-2022-01\","
                + "\"sub\":\"1000777\"},\"user\":{\"id\":\"1000777\"}}");
    assertThat(DetectionAlerts.dedupKey(a)).isNotEqualTo(DetectionAlerts.dedupKey(b));
    assertThat(DetectionAlerts.principal(a)).isEqualTo("user.id=1000234");
    assertThat(DetectionAlerts.dedupKey(a))
        .isEqualTo("detection:rule-1:user.id=1000234:2025-06-24");
  }

  @Test
  void the_principal_is_user_then_token_subject_then_source_never_the_kid_alone() {
    assertThat(
            DetectionAlerts.principal(
                single(
                    "{\"user\":{\"name\":\"jkim\"},\"token\":{\"kid\":\"k\",\"sub\":\"1\"},"
                        + "\"source\":{\"ip\":\"203.0.113.9\"}}")))
        .isEqualTo("user.name=jkim");
    assertThat(
            DetectionAlerts.principal(
                single(
                    "{\"token\":{\"kid\":\"k\",\"sub\":\"1\"},\"source\":{\"ip\":\"203.0.113.9\"}}")))
        .isEqualTo("token.sub=1");
    assertThat(
            DetectionAlerts.principal(
                single("{\"token\":{\"kid\":\"k\"},\"source\":{\"ip\":\"203.0.113.9\"}}")))
        .isEqualTo("source.ip=203.0.113.9");
    assertThat(DetectionAlerts.principal(single("{\"token\":{\"kid\":\"k\"}}")))
        .isEqualTo("unknown(token.kid=k)");
  }

  @Test
  void a_correlation_grouped_by_the_kid_alone_keeps_the_people_behind_it_apart() {
    JsonNode e1 =
        event("{\"@timestamp\":\"2025-06-24T03:00:00Z\",\"token\":{\"kid\":\"k\",\"sub\":\"1\"}}");
    JsonNode e2 =
        event("{\"@timestamp\":\"2025-06-24T03:01:00Z\",\"token\":{\"kid\":\"k\",\"sub\":\"2\"}}");
    Alert byKid =
        new Alert(
            "c",
            "C",
            "high",
            "2025-06-24T03:10:00Z",
            List.of(),
            Map.of("token.kid", "k"),
            null,
            List.of(e1, e2));
    assertThat(DetectionAlerts.principal(byKid)).isEqualTo("token.kid=k;token.sub=1,token.sub=2");
    assertThat(DetectionAlerts.window(byKid)).isEqualTo("2025-06-24T03:00:00Z");
    Alert byKidAndSource =
        new Alert(
            "c",
            "C",
            "high",
            "2025-06-24T03:10:00Z",
            List.of(),
            Map.of("token.kid", "k", "source.ip", "203.0.113.9"),
            null,
            List.of(e1, e2));
    assertThat(DetectionAlerts.principal(byKidAndSource))
        .isEqualTo("source.ip=203.0.113.9,token.kid=k");
  }

  @Test
  void a_failure_to_store_one_alert_is_counted_and_the_others_are_stored() {
    List<String> stored = new ArrayList<>();
    DetectionAlerts writer =
        new DetectionAlerts(
            (source, rule, title, severity, key, details) -> {
              if (key.contains("user.id=2")) {
                throw new org.springframework.dao.DataIntegrityViolationException("boom");
              }
              stored.add(key);
              return new AlertStore.Raised(stored.size(), true);
            });
    DetectionAlerts.Counts counts = new DetectionAlerts.Counts();
    for (int i = 1; i <= 3; i++) {
      writer.store(
          single("{\"@timestamp\":\"2025-06-24T03:00:00Z\",\"user\":{\"id\":\"" + i + "\"}}"),
          counts);
    }
    assertThat(stored).hasSize(2);
    assertThat(counts.raised).isEqualTo(3);
    assertThat(counts.isNew).isEqualTo(2);
    assertThat(counts.notStored).isEqualTo(1);
  }
}
