package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 6 (reproduction "recompile per reconciliation"): a new identity context reaches the
 * engine without losing its correlation windows or disclosure baselines; when placeholders compiled
 * into rules change, the successor engine continues the windows.
 */
class LiveIdentityTest {
  static final String RULES =
      """
      title: Gateway request with a token
      id: 11111111-1111-4111-8111-111111111111
      name: token_request
      logsource:
        product: haechi
        service: gateway
      detection:
        selection:
          token.kid|exists: true
        condition: selection
      level: informational
      ---
      title: Three requests of one subject in ten minutes
      id: 22222222-2222-4222-8222-222222222222
      correlation:
        type: event_count
        rules:
          - token_request
        group-by:
          - token.sub
        timespan: 10m
        condition:
          gte: 3
      level: high
      ---
      title: Leaver acting
      id: 33333333-3333-4333-8333-333333333333
      logsource:
        product: haechi
        service: gateway
      detection:
        selection:
          haechi.user.hr_status: terminated
        condition: selection
      level: high
      """;

  static final String PLACEHOLDER_RULE =
      """
      ---
      title: Leaver by placeholder
      id: 44444444-4444-4444-8444-444444444444
      logsource:
        product: haechi
        service: gateway
      detection:
        selection:
          user.name|expand: '%terminated_users%'
        condition: selection
      level: high
      """;

  static IdentityContext context(boolean jkimLeft) {
    return IdentityContext.builder()
        .asOf(LocalDate.of(2025, 6, 30))
        .employee(
            new Employee("E1001", jkimLeft, jkimLeft ? LocalDate.of(2025, 6, 1) : null), "jkim")
        .build();
  }

  static String event(String time) {
    return "{\"@timestamp\":\"2025-06-24T03:"
        + time
        + "Z\",\"user\":{\"name\":\"jkim\"},\"token\":{\"kid\":\"k\",\"sub\":\"1000234\"}}";
  }

  static List<String> run(DetectionEngine engine, String line) {
    List<Alert> out = new ArrayList<>();
    engine.evaluate(line, out::add);
    return out.stream().map(Alert::ruleId).toList();
  }

  static IdentityAwareEngine.Live live(String rules, IdentityContext c) {
    RuleSet set = RuleLoader.loadText("test.yml", rules);
    return IdentityAwareEngine.live(
        set, List.of(), c, CorrelationSettings.DEFAULT, DisclosureBaseline.Settings.DEFAULT);
  }

  @Test
  void a_reconciliation_updates_the_context_in_place_and_the_correlation_window_survives() {
    IdentityAwareEngine.Live live = live(RULES, context(false));
    DetectionEngine engine = live.engine();
    assertThat(run(engine, event("00:00"))).doesNotContain("33333333-3333-4333-8333-333333333333");
    assertThat(run(engine, event("01:00"))).doesNotContain("22222222-2222-4222-8222-222222222222");
    assertThat(live.placeholdersUsed()).isEmpty();
    // Leaver Guard reconciles: jkim has left
    assertThat(live.updateInPlace(context(true))).isTrue();
    assertThat(live.engine()).isSameAs(engine);
    List<String> third = run(engine, event("02:00"));
    // the window kept its two events: the third crosses gte 3; and the new fact is seen
    assertThat(third)
        .contains("22222222-2222-4222-8222-222222222222", "33333333-3333-4333-8333-333333333333");
  }

  @Test
  void changed_placeholder_values_need_a_successor_which_continues_the_windows() {
    IdentityAwareEngine.Live live = live(RULES + PLACEHOLDER_RULE, context(false));
    DetectionEngine engine = live.engine();
    assertThat(live.placeholdersUsed()).containsExactly("terminated_users");
    run(engine, event("00:00"));
    run(engine, event("01:00"));
    assertThat(live.updateInPlace(context(true))).isFalse();
    IdentityAwareEngine.Live next = live.recompiled(context(true));
    assertThat(next.engine()).isNotSameAs(engine);
    assertThat(next.engine().sharesCorrelationStateWith(engine)).isTrue();
    assertThat(next.baseline()).isSameAs(live.baseline());
    assertThat(run(next.engine(), event("02:00")))
        .contains("22222222-2222-4222-8222-222222222222", "44444444-4444-4444-8444-444444444444");
  }

  @Test
  void unchanged_placeholder_values_are_updated_in_place() {
    IdentityAwareEngine.Live live = live(RULES + PLACEHOLDER_RULE, context(true));
    assertThat(live.updateInPlace(context(true))).isTrue();
  }
}
