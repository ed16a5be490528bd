package dev.haechi.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.exercise.builtin.BuiltinScenarios;
import dev.haechi.exercise.report.AfterActionReport;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.Outcome;
import org.junit.jupiter.api.Test;

class NirsScenarioTest {
  @Test
  void the_battery_fire_is_planned_back_and_the_report_sets_the_curve_beside_the_real_one() {
    ExerciseResult r =
        ExerciseRunner.run(BuiltinScenarios.load("nirs-2025", DemoWorlds.get()), null);
    InjectResult fire = r.inject("battery-fire");
    assertThat(fire.outcome()).isEqualTo(Outcome.IMPACT);
    assertThat(fire.stopped()).isPositive();
    assertThat(fire.curve().get(fire.curve().size() - 1).restored())
        .isEqualTo(fire.systemsToRestore());
    assertThat(fire.findings())
        .extracting(f -> f.type())
        .contains("battery-past-life", "recommendation-open", "no-backup");
    // The plan's note is for people: the bound in hours, never the solver's raw score.
    assertThat(AfterActionReport.markdown(r))
        .contains("no plan can finish before")
        .doesNotContainPattern("hard/|soft");
    String md = AfterActionReport.markdown(r);
    assertThat(md).contains("real: 62 of 647", "battery-past-life", "no-backup");
    assertThat(AfterActionReport.html(r)).contains("class=\"real\"", "class=\"plan\"");
  }
}
