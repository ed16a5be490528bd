package dev.haechi.detection;

import static dev.haechi.detection.Rules.engine;
import static dev.haechi.detection.Rules.fires;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.DetectionEngine;
import org.junit.jupiter.api.Test;

/** Sigma global filters (filters specification v2.1) suppress the rules they name. */
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
        condition: selection
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
}
