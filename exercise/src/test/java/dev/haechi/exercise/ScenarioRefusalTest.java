package dev.haechi.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.exercise.run.ExerciseRunner;
import dev.haechi.exercise.scenario.ScenarioReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad scenarios are refused before anything runs, naming the file and the path inside it. */
class ScenarioRefusalTest {
  @TempDir static Path dir;

  @BeforeAll
  static void world() throws Exception {
    SmallWorld.write(dir);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "type: fire|type: meteor|spec.injects[5].type: unknown inject type 'meteor'",
        "crews: 2}|crews: 2, speed: 3}|spec.injects[5].with.speed: unknown key 'speed'",
        "person: di, path|person: nobody, path|spec.injects[4].with.person: no one in the roster is 'nobody'",
        "zone: hq-b1-server|zone: hq-9f|spec.injects[5].with.zone: the catalog has no zone 'hq-9f'",
        "kid: clinic-2023, new-kid|kid: nope-1, new-kid|spec.injects[2].with.kid: the world knows no signing key 'nope-1'",
        "at: 30h|at: 3d|spec.injects[5].at: 3d is not inside the scenario's duration (2d)",
        "count: 30, every: 12s, countries: [CN]}|count: 30000, every: 12s, countries: [CN]}|spec.injects[3]: its last request",
        "inject: burn, restoreGrade|inject: burned, restoreGrade|spec.expect[3].inject: no inject has the id 'burned'",
        "seed: 7|seeds: 7|spec.seeds: unknown key 'seeds'",
      })
  void refused_with_file_and_path(String from, String to, String message) throws Exception {
    assertThat(SmallWorld.SCENARIO).contains(from);
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file, SmallWorld.SCENARIO.replaceFirst(java.util.regex.Pattern.quote(from), to));
    assertThatThrownBy(() -> ExerciseRunner.prepare(ScenarioReader.read(file)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(message);
  }
}
