package dev.haechi.app.breach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Findings keep every evidence line now (issue 17), up to 100,000 characters; a case timeline's
 * entry holds 60,000, so it keeps the first lines and counts the rest.
 */
class TimelineEvidenceTest {
  @Test
  void a_short_list_is_kept_whole() {
    List<String> lines = List.of("hr.csv:2: E1 left", "vault-audit.log:9: export by jkim");
    assertThat(BreachCases.evidenceForTimeline(lines)).isEqualTo(lines);
  }

  @Test
  void a_long_list_keeps_fifty_short_lines_and_counts_the_rest() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      lines.add(
          "vault-audit.log:" + i + ": transit/keys/k by jkim " + "x".repeat(i == 3 ? 5_000 : 80));
    }
    List<String> kept = BreachCases.evidenceForTimeline(lines);
    assertThat(kept).hasSize(51);
    assertThat(kept.subList(0, 3)).isEqualTo(lines.subList(0, 3));
    assertThat(kept.get(3)).hasSize(1_000).endsWith("…");
    assertThat(kept.get(50))
        .isEqualTo(
            "… and 850 more evidence lines (the finding on the Leaver Guard page has them all)");
    assertThat(String.join("", kept).length()).isLessThan(60_000);
  }
}
