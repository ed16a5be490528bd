package dev.haechi.detection;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared read-only data ({@code ../shared/data} from the repository root): the system
 * property {@code haechi.shared.data} if set, else the first {@code shared/data} found walking up
 * from the working directory.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String prop = System.getProperty("haechi.shared.data");
    if (prop != null) {
      return Path.of(prop);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate.resolve("sigma"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "shared/data not found above "
            + Path.of("").toAbsolutePath()
            + "; set -Dhaechi.shared.data");
  }

  public static Path sigma() {
    return root().resolve("sigma");
  }
}
