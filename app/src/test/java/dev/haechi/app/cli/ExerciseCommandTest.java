package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haechi exercise run} refuses a bad scenario before anything runs: exit 2, file and path;
 * and runs both built-ins with the outcomes issue 16 item 4 asks for.
 */
class ExerciseCommandTest {
  @TempDir Path dir;

  /** One home for the built-ins, so that their worlds are generated once. */
  @TempDir static Path home;

  static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  @Test
  void coupang_from_the_cli_is_detected_within_15_minutes_beside_the_real_dwell_time()
      throws Exception {
    Path report = home.resolve("coupang.md");
    Path layer = home.resolve("coupang-layer.json");
    var o =
        CommandLineTest.run(
            "exercise",
            "run",
            "coupang-2025",
            "--home",
            home.toString(),
            "--background-rate",
            "0.5",
            "--format",
            "json",
            "--report",
            report.toString(),
            "--navigator",
            layer.toString());
    assertThat(o.code()).as(o.err()).isZero();
    var json = JSON.readTree(o.out());
    assertThat(json.path("scenario").asString()).isEqualTo("coupang-2025");
    assertThat(json.path("injects")).hasSize(3);
    for (var i : json.path("injects")) {
      assertThat(i.path("outcome").asString()).as(i.toString()).isEqualTo("detected");
      assertThat(java.time.Duration.parse(i.path("time_to_detect").asString()))
          .isLessThanOrEqualTo(java.time.Duration.ofMinutes(15));
    }
    assertThat(json.path("expectations").findValues("met"))
        .allSatisfy(m -> assertThat(m.asBoolean()).isTrue());
    assertThat(json.path("score").asInt()).isEqualTo(100);
    assertThat(json.path("score_explained").asString()).contains("3 scored injects = 100");
    String md = Files.readString(report);
    assertThat(md)
        .contains("## Beside what really happened", "Real dwell time: 147.0 days")
        .contains("In this run the first attack inject was detected after 0");
    var nav = JSON.readTree(Files.readString(layer));
    assertThat(nav.path("versions").path("layer").asString()).isEqualTo("4.5");
    assertThat(nav.path("techniques").findValuesAsString("techniqueID")).contains("T1606");
  }

  @Test
  void nirs_from_the_cli_draws_the_plan_beside_the_real_curve_and_names_the_preventive_findings()
      throws Exception {
    Path report = home.resolve("nirs.html");
    var o =
        CommandLineTest.run(
            "exercise",
            "run",
            "nirs-2025",
            "--home",
            home.toString(),
            "--format",
            "json",
            "--report",
            report.toString());
    assertThat(o.code()).as(o.err()).isZero();
    var fire = JSON.readTree(o.out()).path("injects").get(0);
    assertThat(fire.path("outcome").asString()).isEqualTo("impact");
    assertThat(fire.path("stopped").asInt()).isPositive();
    assertThat(fire.path("curve").size()).isGreaterThan(2);
    assertThat(fire.path("findings").findValuesAsString("type"))
        .contains("battery-past-life", "recommendation-open", "no-backup");
    String html = Files.readString(report);
    assertThat(html)
        .contains("class=\"plan\"", "class=\"real\"")
        .contains("real: 62 of 647", "real: 324 of 647", "real: 647 of 647")
        .contains("battery-past-life", "no-backup")
        .contains("How the score was reached: battery-fire impact");
    // the table output says how the score was reached, too
    var table =
        CommandLineTest.run(
            "exercise", "run", "nirs-2025", "--home", home.toString(), "--format", "table");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).contains("how the score was reached: battery-fire impact");
  }

  @Test
  void a_world_that_is_not_there_exits_2_naming_the_file_line_and_path_inside_it()
      throws Exception {
    Path file = dir.resolve("drill.yaml");
    Files.writeString(
        file,
        """
        apiVersion: haechi.dev/v1alpha1
        kind: Scenario
        metadata: {name: drill}
        spec:
          world: {identity: org/identity/, catalog: org/catalog/}
          start: 2026-06-01T00:00:00Z
          duration: 2d
          seed: 7
          injects:
            - {id: rock, at: 1h, type: meteor, with: {zone: hq}}
        """);
    var o =
        CommandLineTest.run(
            "exercise", "run", file.toString(), "--home", dir.resolve("home").toString());
    assertThat(o.code()).as(o.err()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(o.err()).contains(file + ":5: spec.world.identity: no such folder");
    assertThat(o.out()).isEmpty();
  }
}
