package dev.haechi.detection;

import static dev.haechi.detection.Rules.engine;
import static dev.haechi.detection.Rules.fires;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.DetectionEngine;
import org.junit.jupiter.api.Test;

/**
 * Sigma global filters (filters specification v2.1) as pySigma applies them ({@code
 * sigma/filters.py}): {@code (rule condition) and (filter condition)}, only on rules whose log
 * source the filter's covers, {@code rules: any} for all of them. A filter that suppresses says
 * {@code condition: not selection}.
 */
class FilterTest {
  private static final String RULES =
      """
      title: rar
      id: 6f3e2987-db24-4c78-a860-b4f4095a7095
      name: rar_use
      logsource: {category: process_creation, product: windows}
      detection:
        selection: {Image|endswith: '\\rar.exe'}
        filter_x: {CommandLine|contains: 'x'}
        condition: 1 of selection* and not 1 of filter_*
      ---
      title: other
      id: other
      logsource: {category: process_creation, product: windows}
      detection:
        selection: {Image|endswith: '\\rar.exe'}
        condition: selection
      ---
      title: Filter Administrator account
      logsource: {category: process_creation, product: windows}
      filter:
        rules: [6f3e2987-db24-4c78-a860-b4f4095a7095]
        selection:
          User|startswith: 'adm_'
        condition: not selection
      """;

  @Test
  void filter_suppresses_matches_of_the_rules_it_names_only() {
    DetectionEngine e = engine(RULES);
    String admin = "{\"Image\":\"C:\\\\rar.exe\",\"User\":\"adm_kim\"}";
    assertThat(e.match(Rules.json(admin))).extracting(r -> r.rule().id()).containsExactly("other");
    String user = "{\"Image\":\"C:\\\\rar.exe\",\"User\":\"kim\"}";
    assertThat(e.match(Rules.json(user)))
        .extracting(r -> r.rule().id())
        .containsExactly("6f3e2987-db24-4c78-a860-b4f4095a7095", "other");
  }

  @Test
  void filter_identifiers_do_not_leak_into_the_rules_quantifiers() {
    DetectionEngine e =
        engine(RULES.replace("[6f3e2987-db24-4c78-a860-b4f4095a7095]", "[rar_use]"));
    assertThat(fires(e, "{\"Image\":\"C:\\\\rar.exe\",\"CommandLine\":\"a\",\"User\":\"kim\"}"))
        .isTrue();
    assertThat(
            e.match(
                Rules.json("{\"Image\":\"C:\\\\rar.exe\",\"CommandLine\":\"x\",\"User\":\"kim\"}")))
        .extracting(r -> r.rule().id())
        .containsExactly("other");
  }

  @Test
  void the_filter_condition_is_and_ed_not_negated() {
    // pySigma: rule.detection.condition[i] = f"({condition_str}) and ({filter_condition})"
    DetectionEngine e = engine(RULES.replace("condition: not selection", "condition: selection"));
    String admin = "{\"Image\":\"C:\\\\rar.exe\",\"User\":\"adm_kim\"}";
    String user = "{\"Image\":\"C:\\\\rar.exe\",\"User\":\"kim\"}";
    assertThat(e.match(Rules.json(admin)))
        .extracting(r -> r.rule().id())
        .containsExactly("6f3e2987-db24-4c78-a860-b4f4095a7095", "other");
    assertThat(e.match(Rules.json(user))).extracting(r -> r.rule().id()).containsExactly("other");
  }

  @Test
  void a_filter_applies_only_to_rules_whose_log_source_it_covers() {
    String rules =
        RULES.replace(
            "title: Filter Administrator account\n"
                + "logsource: {category: process_creation, product: windows}",
            "title: Filter Administrator account\n"
                + "logsource: {category: process_creation, product: linux}");
    DetectionEngine e = engine(rules);
    String admin = "{\"Image\":\"C:\\\\rar.exe\",\"User\":\"adm_kim\"}";
    assertThat(e.match(Rules.json(admin)))
        .extracting(r -> r.rule().id())
        .containsExactly("6f3e2987-db24-4c78-a860-b4f4095a7095", "other");
  }

  @Test
  void rules_any_applies_to_every_rule_of_the_covered_log_source() {
    DetectionEngine e =
        engine(
            RULES.replace("rules: [6f3e2987-db24-4c78-a860-b4f4095a7095]", "rules: any")
                + """
                ---
                title: on linux
                id: lin
                logsource: {category: process_creation, product: linux}
                detection:
                  selection: {Image|endswith: '\\rar.exe'}
                  condition: selection
                """);
    String admin = "{\"Image\":\"C:\\\\rar.exe\",\"User\":\"adm_kim\"}";
    assertThat(e.match(Rules.json(admin))).extracting(r -> r.rule().id()).containsExactly("lin");
  }
}
