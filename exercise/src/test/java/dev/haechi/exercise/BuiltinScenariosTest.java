package dev.haechi.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.exercise.builtin.BuiltinScenarios;
import dev.haechi.exercise.report.ResultJson;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.Outcome;
import dev.haechi.exercise.scenario.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuiltinScenariosTest {

  @Test
  void coupang_forged_tokens_are_detected_within_15_minutes_by_the_production_engine() {
    Scenario s = BuiltinScenarios.load("coupang-2025", DemoWorlds.get()).withBackgroundRate(2);
    ExerciseResult r = ExerciseRunner.run(s, null);
    for (InjectResult i : r.injects()) {
      assertThat(i.outcome()).as(i.inject().id() + ": " + i.why()).isEqualTo(Outcome.DETECTED);
      assertThat(i.timeToDetect()).isLessThanOrEqualTo(Duration.ofMinutes(15));
    }
    InjectResult probe = r.inject("forged-probe");
    assertThat(probe.rules())
        .extracting(f -> f.ruleId())
        .contains(BuiltinRules.UNTRUSTED_KEY, BuiltinRules.NONEXISTENT_USER);
    assertThat(probe.firstEvent()).isEqualTo(s.start().plus(Duration.ofMinutes(192)));
    assertThat(r.inject("address-walk").rules())
        .extracting(f -> f.ruleId())
        .contains(BuiltinRules.SUBJECT_ENUMERATION);
    assertThat(r.expectations()).allSatisfy(e -> assertThat(e.met()).as(e.why()).isTrue());
    assertThat(r.score()).isEqualTo(100);
    assertThat(r.backgroundEvents()).isBetween(160_000L, 186_000L);
    assertThat(r.techniques()).containsEntry("T1606", Outcome.DETECTED);
    String json = ResultJson.text(r);
    assertThat(json).contains("\"scenario\" : \"coupang-2025\"", "\"time_to_detect\" : \"PT0S\"");
  }

  @Test
  void the_same_seed_gives_the_same_run() {
    Scenario s = BuiltinScenarios.load("coupang-2025", DemoWorlds.get()).withBackgroundRate(0.5);
    ExerciseResult a = ExerciseRunner.run(s, null);
    ExerciseResult b = ExerciseRunner.run(s, null);
    assertThat(a.alerts()).isEqualTo(b.alerts());
    assertThat(a.backgroundEvents()).isEqualTo(b.backgroundEvents());
    assertThat(a.injects())
        .extracting(InjectResult::detectedAt)
        .isEqualTo(b.injects().stream().map(InjectResult::detectedAt).toList());
  }
}
