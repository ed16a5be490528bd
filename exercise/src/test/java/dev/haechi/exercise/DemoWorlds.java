package dev.haechi.exercise;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.DemoOrganisations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The demo organisations, generated once per test JVM at small scale, as built-in worlds. */
public final class DemoWorlds {
  private static Path dir;

  private DemoWorlds() {}

  public static synchronized Path get() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("haechi-exercise-worlds");
        DemoOrganisations.generate(d, new DemoOptions(20251126L, 0.01, Set.of("retailer")));
        DemoOrganisations.generate(d, new DemoOptions(20251126L, 0.2, Set.of("government")));
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }
}
