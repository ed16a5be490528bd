package dev.haechi.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.exercise.report.AfterActionReport;
import dev.haechi.exercise.report.NavigatorLayer;
import dev.haechi.exercise.report.ResultJson;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.Outcome;
import dev.haechi.exercise.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A scenario written by hand against another organisation's files runs without code changes. */
class OtherOrganisationTest {
  @TempDir static Path dir;
  static ExerciseResult result;

  @BeforeAll
  static void run() throws Exception {
    SmallWorld.write(dir);
    Path file = dir.resolve("clinic-drill.yaml");
    Files.writeString(file, SmallWorld.SCENARIO);
    result = ExerciseRunner.run(ScenarioReader.read(file), null);
  }

  @Test
  void a_quiet_valid_stolen_token_is_missed_and_the_report_says_what_would_have_caught_it() {
    InjectResult quiet = result.inject("stolen-quiet");
    assertThat(quiet.outcome()).as(quiet.why()).isEqualTo(Outcome.MISSED);
    assertThat(quiet.events()).isEqualTo(3);
    assertThat(quiet.wouldCatch()).contains("DPoP").contains("sign-in log");
    assertThat(result.expectations().get(1).met()).isFalse();
    assertThat(result.expectations().get(1).why()).contains("not detected (outcome missed)");
    assertThat(AfterActionReport.markdown(result)).contains("Misses explained", "stolen-quiet");
  }

  @Test
  void the_custodian_left_key_is_detected_and_after_rotation_prevented() {
    InjectResult forged = result.inject("forged");
    assertThat(forged.outcome()).isEqualTo(Outcome.DETECTED);
    assertThat(forged.ruleId()).isEqualTo(BuiltinRules.UNTRUSTED_KEY);
    assertThat(forged.timeToDetect()).isEqualTo(Duration.ZERO);
    InjectResult after = result.inject("forged-after");
    assertThat(after.outcome()).as(after.why()).isEqualTo(Outcome.PREVENTED);
    assertThat(after.refused()).isEqualTo(30);
    assertThat(result.inject("rotate").outcome()).isNull();
    assertThat(result.engineBuilds()).isEqualTo(2);
  }

  @Test
  void a_vault_export_no_rule_watches_is_logged_with_the_rule_that_would_catch_it() {
    InjectResult export = result.inject("export");
    assertThat(export.outcome()).isEqualTo(Outcome.LOGGED);
    assertThat(export.wouldCatch()).contains("request.path");
  }

  @Test
  void the_fire_goes_through_the_simulator_and_planner_and_names_the_old_battery() {
    InjectResult burn = result.inject("burn");
    assertThat(burn.outcome()).isEqualTo(Outcome.IMPACT);
    assertThat(burn.stopped() + burn.destroyed()).isGreaterThanOrEqualTo(2);
    assertThat(burn.grade1RestoredAfter()).isPositive();
    assertThat(burn.curve()).isNotEmpty();
    assertThat(burn.findings()).extracting(f -> f.type()).contains("battery-past-life");
    assertThat(result.expectations().get(3).met()).as(result.expectations().get(3).why()).isTrue();
  }

  @Test
  void score_follows_the_documented_weights() {
    // stolen-quiet missed 0; forged detected in time 1; forged-after prevented 1; export logged
    // 0.2; burn impact restored in time 0.5 → 2.7 / 5 = 54; one unmet expectation −5 → 49
    assertThat(result.score()).isEqualTo(49);
    JsonNode json = ResultJson.JSON.readTree(ResultJson.text(result));
    assertThat(json.path("score").asInt()).isEqualTo(49);
    assertThat(json.path("injects").get(0).path("outcome").asString()).isEqualTo("missed");
  }

  @Test
  void the_navigator_layer_follows_the_layer_format_4_5() {
    NavigatorLayerFormat.validate(ResultJson.JSON.readTree(NavigatorLayer.text(result)));
    JsonNode layer = NavigatorLayer.of(result);
    assertThat(layer.path("techniques").findValuesAsString("techniqueID"))
        .contains("T1550.001", "T1606", "T1555");
  }

  @Test
  void the_html_report_is_escaped_and_draws_the_curve() {
    String html = AfterActionReport.html(result);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "class=\"plan\"");
    assertThat(html).doesNotContain("<script");
  }
}
