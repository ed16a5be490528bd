package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per correlation type, with window edges, late events, chaining, aliases, generate. */
class CorrelationTest {
  private static final String BASE =
      """
      title: failed
      id: failed
      name: failed_login
      logsource: {product: test}
      detection: {sel: {action: fail}, condition: sel}
      ---
      title: ok
      id: ok
      name: successful_login
      logsource: {product: test}
      detection: {sel: {action: ok}, condition: sel}
      ---
      title: send
      id: send
      name: transfer
      logsource: {product: test}
      detection: {sel: {action: send}, condition: sel}
      ---
      """;
  private static final Instant T0 = Instant.parse("2025-06-24T03:00:00Z");

  private final List<Alert> alerts = new ArrayList<>();
  private DetectionEngine engine;

  private void rules(String correlation) {
    rules(correlation, CorrelationSettings.DEFAULT);
  }

  private void rules(String correlation, CorrelationSettings settings) {
    RuleSet set = RuleLoader.loadText("c.yml", BASE + correlation);
    assertThat(set.report().failures()).isEmpty();
    engine = DetectionEngine.compile(set, List.of(), settings);
    alerts.clear();
  }

  private void event(long second, String action, String user, String extra) {
    engine.evaluate(
        "{\"@timestamp\":\""
            + T0.plusSeconds(second)
            + "\",\"action\":\""
            + action
            + "\",\"user\":\""
            + user
            + "\""
            + (extra.isEmpty() ? "" : "," + extra)
            + "}",
        alerts::add);
  }

  private List<Alert> fired(String id) {
    return alerts.stream().filter(a -> id.equals(a.ruleId())).toList();
  }

  private static String correlation(String type, String rules, String timespan, String condition) {
    return "title: corr\nid: corr\ncorrelation:\n  type: "
        + type
        + "\n  rules: "
        + rules
        + "\n  group-by: [user]\n  timespan: "
        + timespan
        + (condition.isEmpty() ? "" : "\n  condition: " + condition)
        + "\n";
  }

  @Test
  void event_count_fires_when_events_exactly_timespan_apart_share_a_window() {
    rules(correlation("event_count", "[failed]", "60s", "{gte: 3}"));
    event(0, "fail", "kim", "");
    event(30, "fail", "kim", "");
    event(30, "fail", "lee", "");
    assertThat(fired("corr")).isEmpty();
    event(60, "fail", "kim", "");
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.group()).containsEntry("user", "kim");
              assertThat(a.events()).hasSize(3);
              assertThat(a.timestamp()).isEqualTo(T0.plusSeconds(60).toString());
            });
  }

  @Test
  void event_count_does_not_fire_when_the_first_event_left_the_window() {
    rules(correlation("event_count", "[failed]", "60s", "{gte: 3}"));
    event(0, "fail", "kim", "");
    event(30, "fail", "kim", "");
    event(61, "fail", "kim", "");
    assertThat(fired("corr")).isEmpty();
    event(62, "fail", "kim", "");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void value_count_counts_distinct_values_per_group() {
    rules(correlation("value_count", "[failed]", "5m", "{field: ip, gte: 3}"));
    event(0, "fail", "kim", "\"ip\":\"10.0.0.1\"");
    event(10, "fail", "kim", "\"ip\":\"10.0.0.1\"");
    event(20, "fail", "kim", "\"ip\":\"10.0.0.2\"");
    assertThat(fired("corr")).isEmpty();
    event(30, "fail", "kim", "\"ip\":\"10.0.0.3\"");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void temporal_needs_every_rule_in_the_window_in_any_order() {
    rules(correlation("temporal", "[failed_login, successful_login]", "10s", ""));
    event(0, "ok", "kim", "");
    event(5, "fail", "kim", "");
    assertThat(fired("corr")).hasSize(1);
    event(100, "ok", "lee", "");
    event(111, "fail", "lee", "");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void temporal_ordered_needs_the_rules_in_their_listed_order() {
    rules(correlation("temporal_ordered", "[failed_login, successful_login]", "10s", ""));
    event(0, "ok", "kim", "");
    event(5, "fail", "kim", "");
    assertThat(fired("corr")).isEmpty();
    event(8, "ok", "kim", "");
    assertThat(fired("corr")).hasSize(1);
  }

  /**
   * The specification: for {@code temporal_ordered} the condition is "the count of different event
   * types (Sigma rules matching) in the given time frame", and the events must appear in the order
   * of {@code rules}. The count is therefore the number of listed rules that occur in their listed
   * order; without a condition every rule must (pySigma's default {@code gte: len(rules)}).
   */
  @Test
  void temporal_ordered_applies_its_condition_to_the_rules_seen_in_order() {
    rules(
        correlation(
            "temporal_ordered", "[failed_login, successful_login, transfer]", "10s", "{gte: 2}"));
    event(0, "send", "kim", "");
    event(1, "ok", "kim", "");
    assertThat(fired("corr")).as("two rules, but against their order").isEmpty();
    event(2, "fail", "kim", "");
    assertThat(fired("corr")).isEmpty();
    event(3, "send", "kim", "");
    assertThat(fired("corr")).as("failed_login then transfer: two rules in order").hasSize(1);

    // an upper bound is judged on the whole window at its close
    rules(
        correlation(
            "temporal_ordered", "[failed_login, successful_login, transfer]", "10s", "{lt: 3}"));
    event(0, "fail", "kim", "");
    event(1, "ok", "kim", "");
    event(2, "send", "kim", "");
    event(0, "send", "lee", "");
    event(1, "fail", "lee", "");
    event(2, "ok", "lee", "");
    engine.flush(alerts::add);
    assertThat(fired("corr"))
        .as("kim's three rules in order are not fewer than 3; lee's are two in order")
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "lee"));
  }

  @Test
  void value_sum_adds_the_field_over_the_window() {
    rules(correlation("value_sum", "[transfer]", "1m", "{field: bytes, gt: 1000}"));
    event(0, "send", "kim", "\"bytes\":600");
    event(120, "send", "kim", "\"bytes\":500");
    assertThat(fired("corr")).isEmpty();
    event(150, "send", "kim", "\"bytes\":\"501\"");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void value_avg_averages_the_field_over_the_whole_window_judged_at_its_close() {
    rules(correlation("value_avg", "[transfer]", "1m", "{field: bytes, gt: 500}"));
    event(0, "send", "kim", "\"bytes\":400");
    event(10, "send", "kim", "\"bytes\":500");
    event(20, "send", "kim", "\"bytes\":900");
    // the average is 600 now, but an average can still fall: judged when the window closes
    assertThat(fired("corr")).isEmpty();
    event(61, "send", "kim", "\"bytes\":1");
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.timestamp()).isEqualTo(T0.plusSeconds(60).toString()));
    event(62, "send", "kim", "\"bytes\":1");
    engine.flush(alerts::add);
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void value_percentile_fires_for_a_value_rare_within_its_group() {
    rules(correlation("value_percentile", "[transfer]", "1h", "{field: image, lte: 10}"));
    for (int i = 0; i < 9; i++) {
      event(i, "send", "kim", "\"image\":\"svchost.exe\"");
    }
    assertThat(fired("corr")).isEmpty();
    event(10, "send", "kim", "\"image\":\"evil.exe\"");
    assertThat(fired("corr")).isEmpty();
    engine.flush(alerts::add);
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void value_percentile_with_pysigmas_percentile_key_compares_that_percentile() {
    // pySigma sigma/correlations.py: SigmaCorrelationCondition.percentile
    rules(
        correlation(
            "value_percentile", "[transfer]", "1h", "{field: bytes, percentile: 50, gt: 100}"));
    event(0, "send", "kim", "\"bytes\":10");
    event(1, "send", "kim", "\"bytes\":200");
    event(2, "send", "kim", "\"bytes\":300");
    event(0, "send", "lee", "\"bytes\":10");
    event(1, "send", "lee", "\"bytes\":20");
    event(2, "send", "lee", "\"bytes\":3000");
    engine.flush(alerts::add);
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "kim"));
  }

  @Test
  void lt_is_judged_on_the_whole_window_not_on_the_first_event_of_a_burst() {
    rules(correlation("event_count", "[failed]", "60s", "{lt: 3}"));
    for (int i = 0; i < 5; i++) {
      event(i, "fail", "kim", "");
    }
    event(0, "fail", "lee", "");
    event(10, "fail", "lee", "");
    assertThat(fired("corr")).isEmpty();
    engine.flush(alerts::add);
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.group()).containsEntry("user", "lee");
              assertThat(a.events()).hasSize(2);
              assertThat(a.timestamp()).isEqualTo(T0.plusSeconds(60).toString());
            });
  }

  @Test
  void a_range_is_judged_at_window_close_and_later_windows_are_judged_on_their_own() {
    rules(correlation("event_count", "[failed]", "60s", "{gt: 2, lte: 4}"));
    for (int i = 0; i < 5; i++) {
      event(i, "fail", "kim", ""); // 5: outside the range
    }
    for (int i = 0; i < 3; i++) {
      event(i, "fail", "lee", ""); // 3: inside
    }
    assertThat(fired("corr")).isEmpty();
    // kim's next window: 4 events, inside; its first event closes kim's previous window (no
    // alert) and moves the watermark past lee's window's end plus the 5 minutes' tolerance
    for (int i = 400; i < 404; i++) {
      event(i, "fail", "kim", "");
    }
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "lee"));
    engine.flush(alerts::add);
    assertThat(fired("corr")).hasSize(2);
    assertThat(fired("corr").get(1).group()).containsEntry("user", "kim");
    assertThat(fired("corr").get(1).events()).hasSize(4);
  }

  @Test
  void the_watermark_closes_idle_groups_windows_after_the_late_tolerance() {
    rules(correlation("event_count", "[failed]", "60s", "{lt: 3}"));
    event(0, "fail", "kim", "");
    event(100, "fail", "lee", "");
    assertThat(fired("corr")).isEmpty();
    event(60 + 300 + 1, "fail", "park", ""); // kim's window [0, 60] + 5 min tolerance is over
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "kim"));
  }

  @Test
  void one_future_dated_event_does_not_make_other_groups_events_late() {
    rules(correlation("event_count", "[failed]", "60s", "{gte: 3}"));
    event(0, "fail", "kim", "");
    event(30 * 24 * 3600, "fail", "mallory", ""); // a month ahead, one event
    event(1, "fail", "kim", "");
    event(2, "fail", "kim", "");
    assertThat(engine.lateEventsDropped()).isZero();
    assertThat(engine.eventsAheadOfWatermark()).isEqualTo(1);
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "kim"));
  }

  @Test
  void one_future_dated_event_does_not_close_other_groups_windows() {
    rules(correlation("event_count", "[failed]", "60s", "{lt: 3}"));
    event(0, "fail", "kim", "");
    event(30 * 24 * 3600, "fail", "mallory", "");
    event(1, "fail", "kim", "");
    event(2, "fail", "kim", "");
    engine.flush(alerts::add);
    // kim's window held 3 events: not < 3 (had the future event closed it after the first, it
    // would have fired with 1); mallory's window holds 1
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "mallory"));
  }

  @Test
  void events_too_far_after_the_clock_are_not_correlated_and_are_counted() {
    rules(
        correlation("event_count", "[failed]", "60s", "{gte: 2}"),
        CorrelationSettings.DEFAULT.withClock(
            java.time.Clock.fixed(T0.plusSeconds(10), java.time.ZoneOffset.UTC)));
    event(0, "fail", "kim", "");
    event(2 * 24 * 3600, "fail", "kim", ""); // two days after now
    assertThat(fired("corr")).isEmpty();
    assertThat(engine.futureEventsDropped()).isEqualTo(1);
    event(5, "fail", "kim", "");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void a_gap_in_the_stream_moves_the_watermark_once_several_events_agree() {
    rules(correlation("event_count", "[failed]", "60s", "{lt: 2}"));
    event(0, "fail", "kim", "");
    for (int i = 0; i < 3; i++) {
      event(5 * 3600 + i, "fail", "lee-" + i, "");
    }
    // three consecutive events five hours on: the stream moved, kim's window is judged
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("user", "kim"));
  }

  @Test
  void value_sum_skips_and_counts_non_numeric_values_without_poisoning_the_group() {
    rules(correlation("value_sum", "[transfer]", "1m", "{field: bytes, gt: 1000}"));
    event(0, "send", "kim", "\"bytes\":\"NaN\"");
    event(1, "send", "kim", "\"bytes\":\"lots\"");
    event(2, "send", "kim", "\"bytes\":600");
    assertThat(fired("corr")).isEmpty();
    event(3, "send", "kim", "\"bytes\":500");
    assertThat(fired("corr")).hasSize(1);
    assertThat(engine.nonNumericValuesSkipped()).isEqualTo(2);
  }

  @Test
  void array_values_count_every_element() {
    rules(correlation("value_count", "[failed]", "5m", "{field: ip, gte: 3}"));
    event(0, "fail", "kim", "\"ip\":[\"10.0.0.1\",\"10.0.0.2\"]");
    assertThat(fired("corr")).isEmpty();
    event(1, "fail", "kim", "\"ip\":[\"10.0.0.2\",\"10.0.0.3\"]");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void a_group_by_field_with_several_values_counts_in_each_group() {
    rules(correlation("event_count", "[failed]", "5m", "{gte: 2}").replace("[user]", "[host]"));
    event(0, "fail", "kim", "\"host\":[\"a\",\"b\"]");
    event(1, "fail", "kim", "\"host\":\"b\"");
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("host", "b"));
  }

  @Test
  void value_count_over_several_fields_counts_distinct_combinations() {
    rules(correlation("value_count", "[failed]", "5m", "{field: [ip, port], gte: 2}"));
    event(0, "fail", "kim", "\"ip\":\"10.0.0.1\",\"port\":22");
    event(1, "fail", "kim", "\"ip\":\"10.0.0.1\",\"port\":22");
    assertThat(fired("corr")).isEmpty();
    event(2, "fail", "kim", "\"ip\":\"10.0.0.1\",\"port\":23");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void what_cannot_be_evaluated_exactly_is_refused_at_load_with_the_reason() {
    assertThat(
            RuleLoader.loadText(
                    "c.yml",
                    BASE + correlation("value_sum", "[transfer]", "1m", "{field: [a, b], gt: 1}"))
                .report()
                .failures())
        .singleElement()
        .satisfies(f -> assertThat(f.toString()).contains("only defined for value_count"));
    assertThat(
            RuleLoader.loadText(
                    "c.yml",
                    BASE + correlation("event_count", "[failed]", "1m", "{percentile: 50, gt: 1}"))
                .report()
                .failures())
        .singleElement()
        .satisfies(f -> assertThat(f.toString()).contains("only defined for value_percentile"));
  }

  @Test
  void group_by_and_field_go_through_the_rules_pipeline_like_detection_fields() {
    String yaml =
        BASE.replace("logsource: {product: test}", "logsource: {product: windows, category: x}")
            + correlation("value_count", "[failed]", "5m", "{field: Source, gte: 2}")
                .replace("[user]", "[User]");
    RuleSet set = RuleLoader.loadText("c.yml", yaml);
    assertThat(set.report().failures()).isEmpty();
    ProcessingPipeline mapping =
        dev.haechi.detection.pipeline.PipelineLoader.parse(
            "map.yml",
            """
            name: map
            priority: 10
            transformations:
              - id: names
                type: field_name_mapping
                mapping:
                  User: user.name
                  Source: source.ip
            """);
    engine = DetectionEngine.compile(set, List.of(mapping));
    alerts.clear();
    for (int i = 0; i < 2; i++) {
      engine.evaluate(
          "{\"@timestamp\":\""
              + T0.plusSeconds(i)
              + "\",\"action\":\"fail\",\"user\":{\"name\":\"kim\"},"
              + "\"source\":{\"ip\":\"10.0.0."
              + i
              + "\"}}",
          alerts::add);
    }
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("User", "kim"));
  }

  @Test
  void late_events_within_tolerance_count_and_later_ones_are_dropped() {
    rules(
        correlation("event_count", "[failed]", "60s", "{gte: 2}"),
        new CorrelationSettings(Duration.ofMinutes(5), 1000, 1000, 10));
    event(1000, "fail", "kim", "");
    event(970, "fail", "kim", "");
    assertThat(fired("corr")).hasSize(1);
    event(2000, "fail", "lee", "");
    event(1000, "fail", "lee", "");
    assertThat(fired("corr")).hasSize(1);
    assertThat(engine.lateEventsDropped()).isEqualTo(1);
  }

  @Test
  void a_late_event_can_complete_a_window_that_ends_after_it() {
    rules(correlation("temporal_ordered", "[failed_login, successful_login]", "10s", ""));
    event(10, "ok", "kim", "");
    event(4, "fail", "kim", "");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void chained_correlations_alert_only_for_the_outermost_unless_generate() {
    String chain =
        """
        title: brute force then success
        id: outer
        correlation:
          type: temporal_ordered
          rules: [many_failed, successful_login]
          group-by: [user]
          timespan: 10m
        level: high
        ---
        title: many failed
        id: inner
        name: many_failed
        correlation:
          type: event_count
          rules: [failed_login]
          group-by: [user]
          timespan: 10m
          condition: {gte: 3}
        """;
    rules(chain);
    event(0, "fail", "kim", "");
    event(1, "fail", "kim", "");
    event(2, "fail", "kim", "");
    event(3, "ok", "kim", "");
    assertThat(alerts).extracting(Alert::ruleId).containsExactly("outer");
    assertThat(fired("outer").get(0).level()).isEqualTo("high");

    // generate on the inner correlation releases the rules it refers to (failed_login), not
    // successful_login, which only the outer one refers to
    rules(chain.replace("condition: {gte: 3}", "condition: {gte: 3}\n  generate: true"));
    event(0, "fail", "kim", "");
    event(1, "fail", "kim", "");
    event(2, "fail", "kim", "");
    event(3, "ok", "kim", "");
    assertThat(alerts)
        .extracting(Alert::ruleId)
        .containsExactly("failed", "failed", "failed", "outer");
  }

  @Test
  void aliases_group_different_fields_of_different_rules() {
    rules(
        """
        title: corr
        id: corr
        correlation:
          type: temporal
          rules: [failed_login, successful_login]
          group-by: [internal_ip]
          timespan: 10s
          aliases:
            internal_ip:
              failed_login: destination.ip
              successful_login: source.ip
        """);
    event(0, "fail", "x", "\"destination\":{\"ip\":\"10.0.0.9\"}");
    event(1, "ok", "y", "\"source\":{\"ip\":\"10.0.0.8\"}");
    assertThat(fired("corr")).isEmpty();
    event(2, "ok", "z", "\"source\":{\"ip\":\"10.0.0.9\"}");
    assertThat(fired("corr"))
        .singleElement()
        .satisfies(a -> assertThat(a.group()).containsEntry("internal_ip", "10.0.0.9"));
  }

  @Test
  void events_without_the_group_by_field_are_not_counted_and_groups_are_bounded() {
    rules(
        correlation("event_count", "[failed]", "60s", "{gte: 2}"),
        new CorrelationSettings(Duration.ofMinutes(5), 1, 1000, 10));
    engine.evaluate("{\"@timestamp\":\"" + T0 + "\",\"action\":\"fail\"}", alerts::add);
    engine.evaluate("{\"@timestamp\":\"" + T0 + "\",\"action\":\"fail\"}", alerts::add);
    assertThat(fired("corr")).isEmpty();
    event(0, "fail", "kim", "");
    event(1, "fail", "lee", "");
    event(2, "fail", "kim", "");
    assertThat(fired("corr")).isEmpty();
    event(3, "fail", "kim", "");
    assertThat(fired("corr")).hasSize(1);
  }

  @Test
  void groups_that_time_left_behind_are_dropped_and_alerts_carry_at_most_the_newest_events() {
    rules(
        correlation("event_count", "[failed]", "60s", "{gte: 15}"),
        new CorrelationSettings(Duration.ofMinutes(5), 100_000, 1000, 10));
    for (int u = 0; u < 10_000; u++) {
      event(u % 10, "fail", "user-" + u, "");
    }
    assertThat(engine.correlationGroups()).isEqualTo(10_000);
    for (int i = 0; i < 5000; i++) {
      event(3600, "fail", "later-" + i, "");
    }
    // The sweeps dropped the 10,000 groups of an hour ago; the 5,000 recent ones remain.
    assertThat(engine.correlationGroups()).isEqualTo(5000);
    for (int i = 1; i <= 15; i++) {
      event(3600 + i, "fail", "kim", "");
    }
    assertThat(fired("corr")).hasSize(1);
    assertThat(fired("corr").get(0).events()).hasSize(10);
  }

  @Test
  void a_base_rule_without_an_id_referenced_by_name_is_silenced_not_a_crash() {
    // Found by InputFuzz: a rule whose id line was mangled made the engine throw on compile.
    RuleSet set =
        RuleLoader.loadText(
            "c.yml",
            "title: p\nname: failed_noid\nlogsource: {product: test}\n"
                + "detection: {sel: {action: fail}, condition: sel}\n---\n"
                + correlation("event_count", "[failed_noid]", "60s", "{gte: 2}"));
    engine = DetectionEngine.compile(set, List.of());
    event(0, "fail", "kim", "");
    event(1, "fail", "kim", "");
    assertThat(alerts).extracting(Alert::ruleId).containsExactly("corr");
  }

  @Test
  void a_correlation_over_a_rule_that_did_not_compile_is_reported_not_left_silent() {
    RuleSet set =
        RuleLoader.loadText(
            "c.yml",
            "title: p\nid: p\nlogsource: {product: test}\n"
                + "detection: {sel: {user|expand: '%nobody%'}, condition: sel}\n---\n"
                + correlation("event_count", "[p]", "1m", "{gte: 2}"));
    DetectionEngine e = DetectionEngine.compile(set, List.of());
    assertThat(e.failures()).extracting(f -> f.ruleId()).containsExactly("p", "corr");
    assertThat(e.failures().get(1).reason()).contains("did not compile: [p]");
  }
}
