package dev.haechi.app.store;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.audit.AuditSeal;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A migrated store on one test database, without starting Spring Boot. */
public record StoreFixture(DatabaseTarget target, DataSource dataSource, JdbcTemplate jdbc) {

  public static StoreFixture migrated(DatabaseTarget target) {
    DriverManagerDataSource ds = new DriverManagerDataSource(target.url());
    if (!target.user().isEmpty()) {
      ds.setUsername(target.user());
      ds.setPassword(target.password());
    }
    Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load();
    SafeMigration.migrate(flyway, ds);
    return new StoreFixture(target, ds, new JdbcTemplate(ds));
  }

  private static final java.util.Map<String, java.nio.file.Path> HOMES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** The audit log with its key and checkpoint in a temporary home, one per database. */
  public AuditLog auditLog() {
    return auditLog(
        HOMES.computeIfAbsent(
            target.url(),
            url -> {
              try {
                return java.nio.file.Files.createTempDirectory("haechi-audit-home");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }));
  }

  /** The audit log with its key ({@code audit.key}) and checkpoint in {@code home}. */
  public AuditLog auditLog(java.nio.file.Path home) {
    return new AuditLog(
        jdbc,
        new DataSourceTransactionManager(dataSource),
        AuditSeal.open(home, java.util.Map.of(), null, true));
  }

  @Override
  public String toString() {
    return target.isH2() ? "H2" : "PostgreSQL";
  }
}
