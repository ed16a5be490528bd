package dev.haechi.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaIngestSettingsTest {

  static KafkaIngestSettings settings(String bootstrap, List<String> topics, String alerts) {
    return new KafkaIngestSettings(
        bootstrap, topics, "haechi", alerts, "dead", 500, Duration.ofSeconds(5), Map.of());
  }

  @Test
  void a_missing_or_wrong_setting_names_the_property() {
    assertThatThrownBy(() -> settings("", List.of("events"), "alerts"))
        .hasMessageContaining("haechi.kafka.bootstrap-servers");
    assertThatThrownBy(() -> settings("127.0.0.1:9092", List.of(" ", ""), "alerts"))
        .hasMessageContaining("haechi.kafka.topics");
    assertThatThrownBy(() -> settings("127.0.0.1:9092", List.of("events", "alerts"), "alerts"))
        .hasMessageContaining("haechi.kafka.topics")
        .hasMessageContaining("alerts or dead-letter");
    assertThatThrownBy(
            () ->
                new KafkaIngestSettings(
                    "h:1", List.of("e"), "g", "a", "d", 0, Duration.ZERO, Map.of()))
        .hasMessageContaining("haechi.kafka.max-poll-records");
  }

  @Test
  void client_settings_reach_both_clients_but_never_override_the_guarantees() {
    KafkaIngestSettings s =
        new KafkaIngestSettings(
            "127.0.0.1:9092",
            List.of("events"),
            "g",
            "a",
            "d",
            100,
            Duration.ofSeconds(1),
            Map.of(
                "security.protocol", "SSL",
                "enable.auto.commit", "true",
                "acks", "1",
                "auto.offset.reset", "latest"));
    KafkaIngest ingest = new KafkaIngest(s, (group, lines) -> null, null, null);
    var consumer = ingest.consumerProperties();
    var producer = ingest.producerProperties();
    assertThat(consumer).containsEntry("security.protocol", "SSL");
    assertThat(consumer).containsEntry("enable.auto.commit", "false");
    assertThat(consumer).containsEntry("auto.offset.reset", "latest");
    assertThat(consumer).containsEntry("max.poll.records", "100");
    assertThat(producer).containsEntry("security.protocol", "SSL");
    assertThat(producer).containsEntry("acks", "all");
    assertThat(producer).containsEntry("enable.idempotence", "true");
    assertThat(producer).doesNotContainKey("auto.offset.reset");
  }

  @Test
  void a_pretty_printed_event_is_one_line_and_a_one_line_value_is_left_as_it_is() {
    assertThat(KafkaIngest.oneLine("{\n  \"a\" : 1,\n  \"b\" : [ 2 ]\n}\n"))
        .isEqualTo("{\"a\":1,\"b\":[2]}");
    assertThat(KafkaIngest.oneLine("not json")).isEqualTo("not json");
  }
}
