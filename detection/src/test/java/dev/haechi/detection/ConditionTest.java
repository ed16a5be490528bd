package dev.haechi.detection;

import static dev.haechi.detection.Rules.fires;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.detection.rules.Condition;
import dev.haechi.detection.rules.ConditionParser;
import dev.haechi.detection.rules.RuleSyntaxException;
import org.junit.jupiter.api.Test;

/** Every condition form of the Sigma rules specification, and selection shapes. */
class ConditionTest {
  private static final String SELECTIONS =
      "sel_a: {a: 1}\nsel_b: {b: 1}\nfilter: {c: 1}\n_private: {d: 1}\n";

  @Test
  void precedence_is_or_then_and_then_not() {
    assertThat(ConditionParser.parse("a or b and not c"))
        .isEqualTo(
            new Condition.Or(
                java.util.List.of(
                    new Condition.Ref("a"),
                    new Condition.And(
                        java.util.List.of(
                            new Condition.Ref("b"), new Condition.Not(new Condition.Ref("c")))))));
  }

  @Test
  void and_or_not_and_parentheses_evaluate_as_written() {
    String d = SELECTIONS + "condition: sel_a and not (sel_b or filter)";
    assertThat(fires(d, "{\"a\":1}")).isTrue();
    assertThat(fires(d, "{\"a\":1,\"b\":1}")).isFalse();
    assertThat(fires(d, "{\"a\":1,\"c\":1}")).isFalse();
  }

  @Test
  void one_of_pattern_needs_any_matching_identifier() {
    String d = SELECTIONS + "condition: 1 of sel_*";
    assertThat(fires(d, "{\"b\":1}")).isTrue();
    assertThat(fires(d, "{\"c\":1}")).isFalse();
  }

  @Test
  void all_of_pattern_needs_every_matching_identifier() {
    String d = SELECTIONS + "condition: all of sel_*";
    assertThat(fires(d, "{\"a\":1,\"b\":1}")).isTrue();
    assertThat(fires(d, "{\"a\":1}")).isFalse();
  }

  @Test
  void them_covers_identifiers_not_starting_with_underscore() {
    assertThat(fires(SELECTIONS + "condition: 1 of them", "{\"d\":1}")).isFalse();
    assertThat(fires(SELECTIONS + "condition: 1 of them", "{\"c\":1}")).isTrue();
    assertThat(fires(SELECTIONS + "condition: all of them", "{\"a\":1,\"b\":1,\"c\":1}")).isTrue();
    assertThat(fires(SELECTIONS + "condition: all of them", "{\"a\":1,\"b\":1}")).isFalse();
  }

  @Test
  void a_list_of_conditions_is_their_disjunction() {
    String d = SELECTIONS + "condition: [sel_a, sel_b]";
    assertThat(fires(d, "{\"b\":1}")).isTrue();
    assertThat(fires(d, "{\"c\":1}")).isFalse();
  }

  @Test
  void a_list_of_maps_is_a_disjunction_and_a_map_a_conjunction() {
    String d = "sel:\n  - {a: 1, b: 2}\n  - {c: 3}\ncondition: sel";
    assertThat(fires(d, "{\"a\":1,\"b\":2}")).isTrue();
    assertThat(fires(d, "{\"a\":1}")).isFalse();
    assertThat(fires(d, "{\"c\":3}")).isTrue();
  }

  @Test
  void keywords_are_case_insensitive_and_uppercase_operators_are_accepted() {
    assertThat(fires(SELECTIONS + "condition: sel_a AND NOT filter", "{\"a\":1}")).isTrue();
  }

  @Test
  void aggregation_and_near_are_rejected_as_unsupported_by_name() {
    assertThatThrownBy(() -> ConditionParser.parse("sel | count() > 5"))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("aggregation");
    assertThatThrownBy(() -> ConditionParser.parse("sel near other"))
        .isInstanceOf(RuleSyntaxException.class);
    assertThatThrownBy(() -> ConditionParser.parse("(sel"))
        .isInstanceOf(RuleSyntaxException.class)
        .hasMessageContaining("')' expected");
  }
}
