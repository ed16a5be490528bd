package dev.haechi.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOrganisationsTest {
  private static final DemoOptions SMALL = DemoOptions.of(42, 0.01);

  @TempDir Path tmp;

  @Test
  void same_seed_and_scale_give_byte_identical_trees() throws IOException {
    DemoOrganisations.generate(tmp.resolve("a"), SMALL);
    DemoOrganisations.generate(tmp.resolve("b"), SMALL);
    assertThat(treeHash(tmp.resolve("a"))).isEqualTo(treeHash(tmp.resolve("b")));
  }

  @Test
  void another_seed_gives_other_files() throws IOException {
    DemoOrganisations.generate(tmp.resolve("a"), SMALL);
    DemoOrganisations.generate(tmp.resolve("b"), DemoOptions.of(43, 0.01));
    assertThat(treeHash(tmp.resolve("a"))).isNotEqualTo(treeHash(tmp.resolve("b")));
  }

  @Test
  void generate_returns_every_file_it_wrote_and_the_manifest() throws IOException {
    List<GeneratedOrganisation> result = DemoOrganisations.generate(tmp, SMALL);

    assertThat(result)
        .extracting(GeneratedOrganisation::name)
        .containsExactly("government", "retailer");
    for (GeneratedOrganisation g : result) {
      assertThat(g.reused()).isFalse();
      assertThat(g.manifest()).isEqualTo(g.directory().resolve("demo.json")).isRegularFile();
      try (Stream<Path> walk = Files.walk(g.directory())) {
        List<Path> onDisk =
            walk.filter(Files::isRegularFile).filter(p -> !p.equals(g.manifest())).toList();
        assertThat(g.files()).containsExactlyInAnyOrderElementsOf(onDisk);
      }
    }
    assertThat(result.get(1).files())
        .contains(
            tmp.resolve("retailer/hr.csv"),
            tmp.resolve("retailer/secrets.csv"),
            tmp.resolve("retailer/vault-audit.log"),
            tmp.resolve("retailer/jwks/gateway.json"));
  }

  @Test
  void reuse_keeps_a_matching_folder_untouched() throws IOException {
    DemoOrganisations.generate(tmp, SMALL);
    Path hr = tmp.resolve("retailer/hr.csv");
    FileTime before = Files.getLastModifiedTime(hr);
    Files.setLastModifiedTime(hr, FileTime.fromMillis(before.toMillis() - 60_000));
    FileTime marked = Files.getLastModifiedTime(hr);

    List<GeneratedOrganisation> again = DemoOrganisations.reuseOrGenerate(tmp, SMALL);

    assertThat(again).allMatch(GeneratedOrganisation::reused);
    assertThat(Files.getLastModifiedTime(hr)).isEqualTo(marked);
    assertThat(again.get(1).files()).contains(hr);
  }

  @Test
  void reuse_regenerates_when_scale_differs_or_a_file_is_missing() throws IOException {
    DemoOrganisations.generate(tmp, SMALL);
    assertThat(DemoOrganisations.reuseOrGenerate(tmp, DemoOptions.of(42, 0.02)))
        .noneMatch(GeneratedOrganisation::reused);

    Files.delete(tmp.resolve("government/power.yaml"));
    List<GeneratedOrganisation> again =
        DemoOrganisations.reuseOrGenerate(tmp, DemoOptions.of(42, 0.02));
    assertThat(again.get(0).reused()).isFalse();
    assertThat(again.get(1).reused()).isTrue();
    assertThat(tmp.resolve("government/power.yaml")).isRegularFile();
  }

  @Test
  void a_folder_with_someone_elses_files_is_not_overwritten() throws IOException {
    Files.createDirectories(tmp.resolve("government"));
    Files.writeString(tmp.resolve("government/notes.txt"), "mine");

    assertThatThrownBy(
            () ->
                DemoOrganisations.generate(
                    tmp, new DemoOptions(1, 0.01, java.util.Set.of("government"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to overwrite");
    assertThat(tmp.resolve("government/notes.txt")).hasContent("mine");
  }

  @Test
  void manifest_names_seed_scale_and_generator_version() throws IOException {
    DemoOrganisations.generate(tmp, SMALL);
    String manifest = Files.readString(tmp.resolve("retailer/demo.json"));
    assertThat(manifest)
        .contains("\"seed\" : 42")
        .contains("\"scale\" : 0.01")
        .contains("\"version\" : \"" + DemoOrganisations.GENERATOR_VERSION + "\"");
  }

  /** SHA-256 over every file's relative path and bytes, in path order. */
  static String treeHash(Path root) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<Path> files;
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        sha.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        sha.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
