package dev.haechi.app.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Keeps {@code HAECHI_HOME} private (issue 12, item 4): the folder is 0700 and the embedded store's
 * files (database, lock, trace) and every other file in it 0600, so another local user can neither
 * read the store nor the initial admin password. Files H2 makes later are created under the process
 * umask, but nobody else can enter a 0700 folder to reach them.
 */
public final class PrivateHome {
  private PrivateHome() {}

  /** Creates the folder when missing and restricts it and the files in it to their owner. */
  public static void secure(Path home) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.createDirectories(home);
      Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> files = Files.list(home)) {
        for (Path f : files.toList()) {
          if (Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + home + " private: " + e.getMessage(), e);
    }
  }
}
