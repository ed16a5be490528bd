package dev.haechi.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.exercise.report.AfterActionReport;
import dev.haechi.exercise.report.ResultJson;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.Outcome;
import dev.haechi.exercise.run.Scoring;
import dev.haechi.exercise.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A failure-only scenario (like {@code nirs-2025}) scores by how close the plan comes to the
 * restore expectation, not 0 whenever it is late, and the result says how the score was reached.
 */
class FailureOnlyScoringTest {
  @TempDir Path dir;

  private ExerciseResult run(String within) throws Exception {
    SmallWorld.write(dir);
    Path file = dir.resolve("fire-" + within + ".yaml");
    Files.writeString(
        file,
        """
        apiVersion: haechi.dev/v1alpha1
        kind: Scenario
        metadata: {name: clinic-fire}
        spec:
          world: {catalog: org/catalog/}
          start: 2026-06-01T00:00:00Z
          duration: 30d
          seed: 3
          injects:
            - {id: burn, at: 0, type: fire, with: {asset: hq-ups, crews: 1}}
          expect:
            - {inject: burn, restoreGrade: 1, within: WITHIN}
          planner: {timeLimit: 2s}
        """
            .replace("WITHIN", within));
    return ExerciseRunner.run(ScenarioReader.read(file), null);
  }

  @Test
  void a_plan_later_than_expected_earns_part_of_the_impact_points_not_zero() throws Exception {
    ExerciseResult onTime = run("30d");
    InjectResult burn = onTime.inject("burn");
    assertThat(burn.outcome()).isEqualTo(Outcome.IMPACT);
    Duration back = burn.grade1RestoredAfter();
    assertThat(back).isGreaterThan(Duration.ofHours(2));
    assertThat(onTime.score()).isEqualTo(50);
    assertThat(onTime.points()).containsEntry("burn", 0.5);

    // the plan takes twice the expected time: half of the impact points, then −5 for the miss
    long half = back.toMinutes() / 2;
    ExerciseResult late = run(half + "m");
    assertThat(late.expectations().get(0).met()).isFalse();
    double expected = 0.5 * (half * 60.0) / late.inject("burn").grade1RestoredAfter().toSeconds();
    assertThat(late.points().get("burn"))
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(late.score()).isEqualTo((int) Math.round(100 * expected) - 5).isPositive();
    assertThat(Scoring.explain(late))
        .startsWith("burn impact 0.2")
        .contains("/ 1 scored inject = 25", "1 expectation not met −5 → " + late.score());
    JsonNode json = ResultJson.JSON.readTree(ResultJson.text(late));
    assertThat(json.path("injects").get(0).path("points").asDouble()).isEqualTo(expected);
    assertThat(json.path("score_explained").asString()).contains("scored inject");
    assertThat(AfterActionReport.markdown(late)).contains("How the score was reached");
  }

  @Test
  void the_why_names_the_cause_once() throws Exception {
    InjectResult burn = run("30d").inject("burn");
    assertThat(burn.why())
        .startsWith("The fire at hq-ups burned its room, zone hq-b1-server: ")
        .containsOnlyOnce("stopped")
        .containsOnlyOnce("destroyed");
  }
}
