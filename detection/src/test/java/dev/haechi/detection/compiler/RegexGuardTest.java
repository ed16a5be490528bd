package dev.haechi.detection.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.haechi.detection.Rules;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.rules.RuleLoader;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 8: a Sigma {@code |re} cannot hang the engine. A pathological pattern is refused
 * at load with the reason; one that slips past the load check is cut off at match time, counts as
 * no match and is reported. (The timeouts below only stop a hang: without the guard the second test
 * backtracks for far longer than any machine would wait.)
 */
class RegexGuardTest {
  @AfterEach
  void reset() {
    RegexGuard.reset();
  }

  @Test
  void nested_repeats_are_refused_at_load_and_delimited_ones_are_not() {
    for (String bad :
        List.of(
            "(a+)+$",
            "^(a*)*b",
            "(\\w+)*x",
            "(?:.*)+end",
            "(x+y?)+z",
            "((ab)+)+c",
            "(?<n>[a-z]+){2,}!",
            "(?i)(a+)+")) {
      assertThat(RegexGuard.refusal(bad)).as(bad).isNotNull().contains("exponential");
    }
    for (String fine :
        List.of(
            "a+b",
            "(a+)",
            "(ab)+",
            "([a-z]+\\.)+com",
            "(?i)foo.*bar",
            "(a++)+",
            "(?>a+)+",
            "(a+)++",
            "[(a+)+]",
            "\\(a+\\)+",
            "(a+){2}",
            "\\p{L}+(\\d{2,4})?",
            "^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$")) {
      assertThat(RegexGuard.refusal(fine)).as(fine).isNull();
      Pattern.compile(fine);
    }
  }

  @Test
  void a_rule_with_a_catastrophic_pattern_does_not_compile_and_says_why() {
    var set = RuleLoader.loadText("test.yml", Rules.rule("sel: {a|re: '(a+)+$'}\ncondition: sel"));
    DetectionEngine engine = DetectionEngine.compile(set, List.of());
    assertThat(engine.rules()).isEmpty();
    assertThat(engine.failures()).hasSize(1);
    assertThat(engine.failures().get(0).toString()).contains("(a+)+$").contains("exponential");
  }

  @Test
  void a_search_that_backtracks_too_long_is_cut_off_as_no_match_and_reported() {
    // (.*a){12}$ repeats a bounded number of times, which the load check allows, but backtracks
    // polynomially with a high degree: plain java.util.regex takes ~10 s for 'a' * 24 + 'b' (JDK
    // 17, an idle core) and far longer for 'a' * 60 + 'b'.
    DetectionEngine engine = Rules.engine(Rules.rule("sel: {a|re: '(.*a){12}$'}\ncondition: sel"));
    String event = "{\"a\":\"" + "a".repeat(60) + "b\"}";
    boolean fired =
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> Rules.fires(engine, event));
    assertThat(fired).isFalse();
    assertThat(RegexGuard.cutOffs()).hasSize(1);
    RegexGuard.CutOffReport r = RegexGuard.cutOffs().get(0);
    assertThat(r.pattern()).isEqualTo("(.*a){12}$");
    assertThat(r.count()).isEqualTo(2); // the index and the full scan each searched once
    assertThat(r.longestValue()).isEqualTo(61);
    assertThat(r.reason()).contains("cut off").contains("no match");
    // a value it can decide quickly still matches
    assertThat(Rules.fires(engine, "{\"a\":\"" + "a".repeat(12) + "\"}")).isTrue();
  }

  @Test
  void the_step_bound_is_what_stops_it() {
    Pattern p = Pattern.compile("(.*a){4}$");
    String text = "a".repeat(24) + "b";
    assertThat(RegexGuard.find(p, text, Long.MAX_VALUE)).isFalse(); // decided, slowly
    assertThat(RegexGuard.cutOffs()).isEmpty();
    assertThat(RegexGuard.find(p, text, 10_000)).isFalse();
    assertThat(RegexGuard.cutOffs()).extracting(RegexGuard.CutOffReport::count).containsExactly(1L);
    assertThat(RegexGuard.find(Pattern.compile("b$"), text, 10_000)).isTrue();
  }
}
