package dev.haechi.app.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies pending Flyway migrations so that a failure leaves the database exactly as it was.
 *
 * <p>Design note: on PostgreSQL, DDL is transactional, so running all pending migrations in one
 * transaction ({@code group=true}, set in application.properties) rolls a failure back. H2 commits
 * DDL implicitly, so before migrating an H2 database this class writes a script of the whole
 * database ({@code SCRIPT TO}) and, if a migration fails, drops everything and replays the script
 * ({@code RUNSCRIPT FROM}).
 */
public final class SafeMigration {
  private SafeMigration() {}

  /**
   * Migrates, restoring the previous state on failure.
   *
   * @throws FlywayException from the failed migration, after the database has been restored
   */
  public static void migrate(Flyway flyway, DataSource dataSource) {
    if (flyway.info().pending().length == 0) {
      return;
    }
    if (!isH2(dataSource)) {
      flyway.migrate();
      return;
    }
    Path script = null;
    try {
      script = Files.createTempFile("haechi-premigration-", ".sql");
      execute(dataSource, "SCRIPT TO '" + script.toAbsolutePath() + "'");
      try {
        flyway.migrate();
      } catch (FlywayException failure) {
        execute(dataSource, "DROP ALL OBJECTS");
        execute(dataSource, "RUNSCRIPT FROM '" + script.toAbsolutePath() + "'");
        throw failure;
      }
    } catch (IOException | SQLException e) {
      throw new FlywayException("could not protect the H2 database during migration: " + e, e);
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException ignored) {
          // a temporary file left behind is harmless
        }
      }
    }
  }

  private static boolean isH2(DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      return c.getMetaData().getDatabaseProductName().toLowerCase().contains("h2");
    } catch (SQLException e) {
      throw new FlywayException("cannot read database metadata: " + e.getMessage(), e);
    }
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
