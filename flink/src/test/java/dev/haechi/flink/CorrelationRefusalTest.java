package dev.haechi.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * A correlation of correlations is not run by the job, and says so plainly: which correlation, that
 * it counts another correlation's alerts, and that the rest runs; a correlation of a rule that does
 * not exist is told apart.
 */
class CorrelationRefusalTest {
  static final String RULES =
      """
      title: Failed login
      id: 0d7a5b1e-0000-4000-8000-000000000101
      name: failed_login
      logsource: {product: test}
      detection:
        sel: {outcome: failure}
        condition: sel
      level: low
      ---
      title: Brute force
      id: 0d7a5b1e-0000-4000-8000-000000000110
      name: brute_force
      correlation:
        type: event_count
        rules: [failed_login]
        group-by: [user]
        timespan: 10m
        condition: {gte: 5}
      level: high
      ---
      title: Brute force on many users
      id: 0d7a5b1e-0000-4000-8000-000000000111
      correlation:
        type: value_count
        rules: [brute_force]
        group-by: [src]
        timespan: 1h
        condition: {field: user, gte: 3}
      level: critical
      ---
      title: Spray of a missing rule
      id: 0d7a5b1e-0000-4000-8000-000000000112
      correlation:
        type: event_count
        rules: [no_such_rule]
        group-by: [src]
        timespan: 1h
        condition: {gte: 3}
      level: high
      """;

  @Test
  void a_correlation_of_correlations_is_reported_by_name_and_the_rest_runs() throws Exception {
    RulesSpec spec = new RulesSpec().withText(1, "chain.yml", RULES);
    spec.builtin = false;
    CompiledRules r = CompiledRules.compile(spec, false);
    assertThat(r.failures())
        .anySatisfy(
            f ->
                assertThat(f)
                    .contains("correlation 'Brute force on many users'")
                    .contains("counts the alerts of correlation(s) [brute_force]")
                    .contains("does not run correlations of correlations")
                    .contains("haechi detect")
                    .contains("The other rules and correlations run."))
        .anySatisfy(
            f ->
                assertThat(f)
                    .contains("correlation 'Spray of a missing rule'")
                    .contains("[no_such_rule]")
                    .doesNotContain("correlations of correlations"));
    assertThat(r.correlationsOf("0d7a5b1e-0000-4000-8000-000000000101")).hasSize(1);

    // as a rules update (strict) the same set is refused whole, with the same reason
    assertThatThrownBy(() -> CompiledRules.compile(spec, true))
        .isInstanceOf(CompiledRules.Refused.class)
        .hasMessageContaining("does not run correlations of correlations");
  }
}
