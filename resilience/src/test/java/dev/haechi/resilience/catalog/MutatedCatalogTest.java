package dev.haechi.resilience.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.risk.RiskAssessment;
import dev.haechi.resilience.simulation.WorstCaseRanking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * A poor man's fuzz target until a Jazzer one exists: the NIRS-like catalog with random edits
 * (lines dropped, duplicated or swapped; characters deleted, inserted or replaced) must either
 * load, and then assess and rank without failing, or be refused with a {@link CatalogException}
 * naming a file. Nothing else may escape.
 */
class MutatedCatalogTest {
  private static final String ALPHABET = " :-,[]{}#\"'\n\tazAZ09./_";
  private static final Map<String, String> ORIGINAL = readFixture();

  @Property(tries = 200)
  void mutated_catalog_either_loads_and_evaluates_or_is_refused_with_catalog_problems(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
      @ForAll @IntRange(min = 1, max = 6) int edits) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, String> files = new LinkedHashMap<>(ORIGINAL);
    List<String> names = List.copyOf(files.keySet());
    for (int e = 0; e < edits; e++) {
      String name = names.get(random.nextInt(names.size()));
      files.put(name, mutate(files.get(name), random));
    }
    try {
      LoadedCatalog loaded = CatalogLoader.load(files);
      CatalogGraph graph = CatalogGraph.compile(loaded.catalog());
      RiskAssessment.assess(graph, LocalDate.parse("2025-09-01"));
      WorstCaseRanking.rank(graph, Instant.parse("2025-09-26T11:20:00Z"));
    } catch (CatalogException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.problems()).allSatisfy(p -> assertThat(files).containsKey(p.file()));
    }
  }

  private static String mutate(String text, SplittableRandom random) {
    List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
    int i = random.nextInt(lines.size());
    switch (random.nextInt(6)) {
      case 0 -> lines.remove(i);
      case 1 -> lines.add(i, lines.get(random.nextInt(lines.size())));
      case 2 -> java.util.Collections.swap(lines, i, random.nextInt(lines.size()));
      default -> {
        String line = lines.get(i);
        int at = line.isEmpty() ? 0 : random.nextInt(line.length());
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        String edited =
            switch (random.nextInt(3)) {
              case 0 -> line.isEmpty() ? line : line.substring(0, at) + line.substring(at + 1);
              case 1 -> line.substring(0, at) + c + line.substring(at);
              default ->
                  line.isEmpty() ? "" + c : line.substring(0, at) + c + line.substring(at + 1);
            };
        lines.set(i, edited);
      }
    }
    return String.join("\n", lines);
  }

  private static Map<String, String> readFixture() {
    try {
      Path root =
          Path.of(MutatedCatalogTest.class.getResource("/fixtures/nirs-small/catalog").toURI());
      Map<String, String> files = new LinkedHashMap<>();
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
          files.put(root.relativize(p).toString(), Files.readString(p));
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
