package dev.haechi.app.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases store tests run against: an H2 file always, and PostgreSQL whenever {@code
 * HAECHI_TEST_PG_URL} names one (for example {@code
 * jdbc:postgresql://127.0.0.1:5432/haechi_test?user=haechi&password=haechi}). In CI ({@code
 * CI=true}) PostgreSQL is required: a missing URL fails the tests instead of skipping them.
 */
public final class TestDatabases {
  private TestDatabases() {}

  /** A fresh, empty database of each kind: a new H2 file, and a new PostgreSQL schema. */
  public static List<DatabaseTarget> fresh() throws Exception {
    List<DatabaseTarget> out = new ArrayList<>();
    Path dir = Files.createTempDirectory("haechi-store-test");
    out.add(new DatabaseTarget("jdbc:h2:file:" + dir.resolve("haechi").toAbsolutePath(), "sa", ""));
    postgres().ifPresent(out::add);
    return out;
  }

  /** A fresh PostgreSQL schema, when PostgreSQL is configured. */
  public static java.util.Optional<DatabaseTarget> postgres() throws Exception {
    String pg = System.getenv("HAECHI_TEST_PG_URL");
    if (pg == null || pg.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(
            "CI=true but HAECHI_TEST_PG_URL is not set: the PostgreSQL store tests must run in CI"
                + " (.ci/run starts PostgreSQL and sets it)");
      }
      return java.util.Optional.empty();
    }
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(pg);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String sep = pg.contains("?") ? "&" : "?";
    return java.util.Optional.of(new DatabaseTarget(pg + sep + "currentSchema=" + schema, "", ""));
  }
}
