package dev.haechi.app;

import dev.haechi.app.store.SafeMigration;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The Haechi server: REST API, console and store. Started by {@code haechi serve} and {@code haechi
 * demo} through {@link dev.haechi.app.server.ServerLauncher}; engines stay plain Java and are
 * called from here.
 */
@SpringBootApplication
@EnableScheduling
public class HaechiServer {

  /** Pending migrations run so that a failure leaves the database as it was. */
  @Bean
  FlywayMigrationStrategy safeMigration(DataSource dataSource) {
    return flyway -> SafeMigration.migrate(flyway, dataSource);
  }
}
