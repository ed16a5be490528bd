package dev.haechi.app.exercise;

import dev.haechi.core.InputException;
import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import dev.haechi.exercise.builtin.BuiltinScenarios;
import dev.haechi.exercise.scenario.Scenario;
import dev.haechi.exercise.scenario.ScenarioReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Turns a scenario argument into a {@link Scenario}: a built-in name ({@code coupang-2025}, {@code
 * nirs-2025}) or a scenario file (FORMATS.md §6). The built-ins run against the demo organisations,
 * generated once into {@code HOME/exercise/worlds} by the demo generator (the retailer at scale
 * {@value #RETAILER_SCALE}, the government at full scale) and reused after.
 */
public final class ScenarioSource {
  public static final double RETAILER_SCALE = 0.05;
  public static final double GOVERNMENT_SCALE = 1.0;

  private ScenarioSource() {}

  public static Scenario resolve(String arg, Path home) {
    if (BuiltinScenarios.exists(arg)) {
      return BuiltinScenarios.load(arg, builtinWorlds(home));
    }
    Path file = Path.of(arg);
    if (!Files.isRegularFile(file)) {
      throw new InputException(
          arg,
          0,
          "neither a built-in scenario ("
              + String.join(", ", BuiltinScenarios.NAMES)
              + ") nor a scenario file");
    }
    return ScenarioReader.read(file);
  }

  /** The folder holding {@code retailer/} and {@code government/}, generated when missing. */
  public static synchronized Path builtinWorlds(Path home) {
    Path dir = home.resolve("exercise").resolve("worlds");
    try {
      Files.createDirectories(dir);
      DemoOrganisations.reuseOrGenerate(
          dir, new DemoOptions(DemoOptions.DEFAULT_SEED, RETAILER_SCALE, Set.of("retailer")));
      DemoOrganisations.reuseOrGenerate(
          dir, new DemoOptions(DemoOptions.DEFAULT_SEED, GOVERNMENT_SCALE, Set.of("government")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the built-in scenarios' worlds in " + dir, e);
    }
    return dir;
  }
}
