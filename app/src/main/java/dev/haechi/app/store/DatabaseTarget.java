package dev.haechi.app.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which database Haechi uses: an embedded H2 file under {@code $HAECHI_HOME} by default, or the
 * PostgreSQL (or other JDBC) URL given by {@code --db-url} or {@code HAECHI_DB_URL}.
 *
 * @param url the JDBC URL
 * @param user the user, or empty to take it from the URL
 * @param password the password, or empty; never printed
 */
public record DatabaseTarget(String url, String user, String password) {
  private static final Pattern PASSWORD_IN_URL =
      Pattern.compile("(?i)(password=)[^&;]*|(//[^/:@]+:)[^@/]*@");

  /**
   * Picks the database: the explicit URL first, then {@code HAECHI_DB_URL}, else an H2 file in
   * {@code home}. {@code HAECHI_DB_USER} and {@code HAECHI_DB_PASSWORD} supply credentials.
   */
  public static DatabaseTarget resolve(String explicitUrl, Path home, Map<String, String> env) {
    String url = explicitUrl;
    if (url == null || url.isBlank()) {
      url = env.get("HAECHI_DB_URL");
    }
    String user = env.getOrDefault("HAECHI_DB_USER", "");
    String password = env.getOrDefault("HAECHI_DB_PASSWORD", "");
    if (url == null || url.isBlank()) {
      return embedded(home);
    }
    return new DatabaseTarget(url.trim(), user, password);
  }

  /**
   * The embedded H2 database in {@code home}. No TCP auto-server (issue 12): only the process that
   * opened it reaches it; while the server runs, check the audit chain through the console or
   * {@code /api/v1/audit/verify}.
   */
  public static DatabaseTarget embedded(Path home) {
    String file = home.toAbsolutePath().normalize().resolve("haechi").toString();
    // WRITE_DELAY=0: a commit is written to the file before it returns. H2's default (changes
    // written by a background thread up to a second later) lost committed alerts and audit records
    // when the process was killed, leaving the signed checkpoint ahead of the chain (issue 12, item
    // 11; EmbeddedStoreDurabilityIT).
    return new DatabaseTarget("jdbc:h2:file:" + file + ";WRITE_DELAY=0", "sa", "");
  }

  public boolean isH2() {
    return url.startsWith("jdbc:h2:");
  }

  /** The URL with any password removed, safe to print. */
  public String describe() {
    return PASSWORD_IN_URL
        .matcher(url)
        .replaceAll(m -> m.group(1) != null ? m.group(1) + "***" : m.group(2) + "***@");
  }

  /** Opens a connection; the caller closes it. */
  public Connection connect() throws SQLException {
    if (user.isEmpty()) {
      return DriverManager.getConnection(url);
    }
    return DriverManager.getConnection(url, user, password);
  }

  /**
   * Connects once to prove the database is usable, so that a server never starts half-way on a
   * database it cannot use.
   *
   * @throws DatabaseUnavailableException saying which database and why
   */
  public void checkReachable() {
    if (!url.startsWith("jdbc:")) {
      throw new DatabaseUnavailableException(
          "invalid database URL '"
              + describe()
              + "': it must start with jdbc: (e.g. "
              + "jdbc:postgresql://localhost:5432/haechi)");
    }
    DriverManager.setLoginTimeout(10);
    try (Connection c = connect()) {
      if (!c.isValid(10)) {
        throw new DatabaseUnavailableException(
            "database " + describe() + " accepted the connection but does not answer");
      }
    } catch (SQLException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (reason.startsWith("No suitable driver")) {
        throw new DatabaseUnavailableException(
            "invalid database URL '"
                + describe()
                + "': no driver for it (Haechi supports "
                + "jdbc:h2: and jdbc:postgresql:)");
      }
      throw new DatabaseUnavailableException(
          "cannot use database " + describe() + ": " + firstLine(reason));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
