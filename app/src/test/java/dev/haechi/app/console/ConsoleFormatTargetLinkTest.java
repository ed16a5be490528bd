package dev.haechi.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The audit log's targets lead to their pages (issue 17 item 7: no bare ids as dead ends). */
class ConsoleFormatTargetLinkTest {
  final ConsoleFormat fmt = new ConsoleFormat();

  @Test
  void known_targets_link_to_their_pages() {
    assertThat(fmt.targetLink("alert:1504")).isEqualTo("/alerts/1504");
    assertThat(fmt.targetLink("plan:3")).isEqualTo("/identity/plans/3");
    assertThat(fmt.targetLink("case:12")).isEqualTo("/breach/cases/12");
    assertThat(fmt.targetLink("exercise-run:1")).isEqualTo("/exercise/runs/1");
    assertThat(fmt.targetLink("catalog:정부 a&b"))
        .isEqualTo("/resilience/catalog?catalog=%EC%A0%95%EB%B6%80+a%26b");
    assertThat(fmt.targetLink("user:analyst-kim")).isEqualTo("/admin/users");
  }

  @Test
  void others_and_odd_values_have_no_link() {
    assertThat(fmt.targetLink(null)).isNull();
    assertThat(fmt.targetLink("session")).isNull();
    assertThat(fmt.targetLink("alert:")).isNull();
    assertThat(fmt.targetLink("alert:12/../../admin")).isNull();
    assertThat(fmt.targetLink("plan:javascript:alert(1)")).isNull();
    assertThat(fmt.targetLink("account:corp-ad:CN=x")).isNull();
  }
}
