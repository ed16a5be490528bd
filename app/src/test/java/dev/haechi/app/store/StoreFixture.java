package dev.haechi.app.store;

import dev.haechi.app.audit.AuditLog;
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

  public AuditLog auditLog() {
    return new AuditLog(jdbc, new DataSourceTransactionManager(dataSource));
  }

  @Override
  public String toString() {
    return target.isH2() ? "H2" : "PostgreSQL";
  }
}
