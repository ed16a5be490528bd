package dev.haechi.breach.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** An embedded, in-memory DuckDB session in UTC, used to write and scan the store's Parquet. */
final class Duck {
  private Duck() {}

  static Connection open(Path spill) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET enable_progress_bar = false");
      if (spill != null) {
        s.execute("SET temp_directory = '" + quote(spill.toString()) + "'");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Escapes a string for a single-quoted SQL literal. */
  static String quote(String s) {
    return s.replace("'", "''");
  }
}
