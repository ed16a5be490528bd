package dev.haechi.exercise.builtin;

import dev.haechi.exercise.scenario.Scenario;
import dev.haechi.exercise.scenario.ScenarioReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in scenarios, ordinary scenario files kept as resources: {@code coupang-2025} (the
 * retailer: a leaver's token-signing key used months later) and {@code nirs-2025} (the government:
 * the battery fire in Daejeon's 5th-floor room). Their worlds are the demo organisations: {@code
 * retailer/} and {@code government/} under a base folder the caller provides (the app generates
 * them with the demo generator).
 */
public final class BuiltinScenarios {
  public static final List<String> NAMES = List.of("coupang-2025", "nirs-2025");

  private BuiltinScenarios() {}

  public static boolean exists(String name) {
    return NAMES.contains(name);
  }

  /** The scenario file's text. */
  public static String text(String name) {
    if (!exists(name)) {
      throw new IllegalArgumentException(
          "no built-in scenario '" + name + "' (known: " + NAMES + ")");
    }
    try (InputStream in = BuiltinScenarios.class.getResourceAsStream(name + ".yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scenario, its world paths resolved under {@code worlds}. */
  public static Scenario load(String name, Path worlds) {
    return ScenarioReader.parse(text(name), "builtin:" + name, worlds);
  }
}
