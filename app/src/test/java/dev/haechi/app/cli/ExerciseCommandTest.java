package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code haechi exercise run} refuses a bad scenario before anything runs: exit 2, file and path.
 */
class ExerciseCommandTest {
  @TempDir Path dir;

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
