package dev.haechi.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4, on a real server start: the embedded store has no TCP auto-server, the home is
 * 0700, the store's files and the initial admin password file 0600.
 */
class PrivateStoreTest {
  @Test
  void the_embedded_store_and_the_initial_password_are_private() throws Exception {
    Path home = Files.createTempDirectory("haechi-private");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    DatabaseTarget db = DatabaseTarget.embedded(home);
    assertThat(db.url()).doesNotContainIgnoringCase("AUTO_SERVER");
    try {
      ServerLauncher.start(new ServerOptions(home, db, 0, "127.0.0.1"), "--HAECHI_ADMIN_PASSWORD=");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home)))
          .isEqualTo("rwx------");
      Path password = home.resolve("initial-admin-password");
      assertThat(password).exists();
      try (Stream<Path> files = Files.list(home)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
              .as(f.toString())
              .isEqualTo("rw-------");
          if (f.getFileName().toString().endsWith(".lock.db")) {
            // An AUTO_SERVER lock file advertises the TCP port other processes connect to.
            assertThat(Files.readString(f)).doesNotContain("server=");
          }
        }
      }
      assertThat(home.resolve("haechi.mv.db")).exists();
    } finally {
      ServerLauncher.stop();
    }
  }
}
