package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 7: a rule without an id gets a stable derived one, never null. */
class RuleIdsTest {
  static final String NO_ID =
      """
      title: No id here
      logsource:
        category: web
      detection:
        selection:
          user.name: jkim
        condition: selection
      level: high
      """;

  private static List<Alert> run(Path dir, String rule) throws Exception {
    Files.writeString(dir.resolve("r.yml"), rule);
    RuleSet rules = RuleLoader.load(List.of(dir));
    DetectionEngine engine = DetectionEngine.compile(rules, List.of());
    List<Alert> out = new ArrayList<>();
    engine.evaluate("{\"user\":{\"name\":\"jkim\"}}", out::add);
    return out;
  }

  @Test
  void an_id_less_rule_gets_the_same_derived_id_on_every_load_and_from_every_folder(
      @TempDir Path a, @TempDir Path b) throws Exception {
    List<Alert> first = run(a, NO_ID);
    List<Alert> second = run(b, NO_ID);
    assertThat(first).hasSize(1);
    String id = first.get(0).ruleId();
    assertThat(id)
        .isNotNull()
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(second.get(0).ruleId()).isEqualTo(id);
    // another detection under the same title is another rule
    List<Alert> other = run(a, NO_ID.replace("user.name: jkim", "user.name|startswith: jk"));
    assertThat(other.get(0).ruleId()).isNotEqualTo(id);
  }
}
