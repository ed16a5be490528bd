package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.DetectionEngine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The engine's public contract: alerts as the CLI prints them, bad lines rejected with reasons. */
class DetectionEngineTest {
  private static final String RULE =
      "title: Whoami\nid: w1\nlevel: high\ntags: [attack.discovery]\nlogsource: {product: test}\n"
          + "detection: {sel: {process.name: whoami.exe}, condition: sel}\n";

  @Test
  void a_matching_event_gives_one_alert_line_with_rule_time_tags_and_event() {
    DetectionEngine e = Rules.engine(RULE);
    List<Alert> alerts = new ArrayList<>();
    e.evaluate(
        "{\"@timestamp\":\"2025-06-24T03:12:45.123Z\",\"process\":{\"name\":\"WHOAMI.EXE\"}}",
        alerts::add);
    e.evaluate("{\"process\":{\"name\":\"cmd.exe\"}}", alerts::add);
    assertThat(alerts).hasSize(1);
    JsonNode line = Rules.json(AlertJson.toLine(alerts.get(0)));
    assertThat(line.get("rule_id").asString()).isEqualTo("w1");
    assertThat(line.get("rule_title").asString()).isEqualTo("Whoami");
    assertThat(line.get("level").asString()).isEqualTo("high");
    assertThat(line.get("timestamp").asString()).isEqualTo("2025-06-24T03:12:45.123Z");
    assertThat(line.get("tags").get(0).asString()).isEqualTo("attack.discovery");
    assertThat(line.get("group").isObject()).isTrue();
    assertThat(line.get("event").get("process").get("name").asString()).isEqualTo("WHOAMI.EXE");
  }

  @Test
  void a_line_that_is_not_a_json_object_is_rejected_with_a_reason() {
    DetectionEngine e = Rules.engine(RULE);
    assertThatThrownBy(() -> e.evaluate("[1,2]", a -> {}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> e.evaluate("{\"a\":", a -> {}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void an_event_over_the_size_limit_is_rejected() {
    DetectionEngine e = Rules.engine(RULE);
    String big = "{\"a\":\"" + "x".repeat(DetectionEngine.DEFAULT_MAX_EVENT_CHARS) + "\"}";
    assertThatThrownBy(() -> e.evaluate(big, a -> {}))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("over the limit");
  }
}
