package dev.haechi.app.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes the first admin when the store has no user at all: user {@code admin} with the password
 * from {@code HAECHI_ADMIN_PASSWORD}, or else a generated one, printed once to the terminal (not to
 * the log) and kept in {@code $HAECHI_HOME/initial-admin-password}, readable only by its owner,
 * until the admin deletes it.
 */
@Component
@Order(0)
public class BootstrapAdmin implements ApplicationRunner {
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private final UserStore users;
  private final Path home;
  private final String configuredPassword;

  public BootstrapAdmin(
      UserStore users,
      @Value("${haechi.home:./data}") String home,
      @Value("${HAECHI_ADMIN_PASSWORD:}") String configuredPassword) {
    this.users = users;
    this.home = Path.of(home);
    this.configuredPassword = configuredPassword;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (users.count() > 0) {
      return;
    }
    boolean generated = configuredPassword.isBlank();
    String password = generated ? generate() : configuredPassword;
    users.createLocal("system", "admin", password, Role.ADMIN);
    if (generated) {
      Path file = home.resolve("initial-admin-password");
      Files.createDirectories(home);
      Files.deleteIfExists(file);
      try {
        // 0600 from the first byte: the file never exists with looser permissions.
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException ignored) {
        Files.createFile(file); // not a POSIX file system; the file is under HAECHI_HOME
      }
      Files.writeString(file, password + "\n");
      System.out.println();
      System.out.println("  First start: created user 'admin' with password  " + password);
      System.out.println("  (also in " + file.toAbsolutePath() + "; change it after signing in)");
      System.out.println();
    }
  }

  private static String generate() {
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
