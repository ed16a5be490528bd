package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A Backstage repository read as is from the command line: the notes on what was skipped and which
 * references were kept as external reach a script too (on stderr), not only a terminal; stdout
 * stays the report alone.
 */
class ResilienceLoadNotesTest {
  static final Path REPO =
      Path.of("..", "resilience", "src", "test", "resources", "fixtures", "backstage-repo-as-is")
          .resolve("catalog");

  @Test
  void skipped_files_and_external_references_are_noted_on_stderr_when_no_one_watches() {
    var o =
        CommandLineTest.run(
            "resilience", "assess", "--catalog", REPO.toString(), "--format", "json");
    assertThat(o.code()).isIn(0, 1);
    assertThat(o.err())
        .contains("haechi: ")
        .contains("openapi.yaml")
        .contains("an OpenAPI document")
        .contains(".github/workflows/ci.yml")
        .contains("not YAML (not UTF-8 text)")
        .contains("haechi: warning: ")
        .contains("kept as external");
    // The report on stdout is untouched: JSON only.
    assertThat(o.out().trim()).startsWith("{").endsWith("}");
    assertThat(o.out()).doesNotContain("haechi: ");
  }
}
