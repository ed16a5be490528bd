package dev.haechi.exercise;

import java.io.IOException;
import java.nio.file.Path;

/** {@link SmallWorld} (package-private) for tests in other packages. */
public final class SmallWorldAccess {
  private SmallWorldAccess() {}

  public static void write(Path dir) throws IOException {
    SmallWorld.write(dir);
  }

  public static String scenario() {
    return SmallWorld.SCENARIO;
  }
}
