package dev.haechi.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SafeMigrationTest {

  static List<StoreFixture> stores() throws Exception {
    List<StoreFixture> out = new ArrayList<>();
    for (var target : TestDatabases.fresh()) {
      out.add(StoreFixture.migrated(target));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_failed_migration_leaves_the_database_as_it_was(StoreFixture store) {
    store.auditLog().append("system", "user.created", "user:admin", "role=admin");
    Integer before =
        store
            .jdbc()
            .queryForObject("SELECT COUNT(*) FROM \"flyway_schema_history\"", Integer.class);

    Flyway failing =
        Flyway.configure()
            .dataSource(store.dataSource())
            .locations("classpath:db/migration", "classpath:db/failing-migration")
            .group(true)
            .load();
    assertThatThrownBy(() -> SafeMigration.migrate(failing, store.dataSource()))
        .isInstanceOf(FlywayException.class);

    assertThat(tableExists(store, "SHOULD_NOT_SURVIVE")).isFalse();
    assertThat(
            store
                .jdbc()
                .queryForObject(
                    "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE",
                    Integer.class))
        .isEqualTo(before);
    assertThat(store.auditLog().verify().intact()).isTrue();
    assertThat(store.auditLog().count()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void migrating_an_up_to_date_database_changes_nothing(StoreFixture store) {
    Flyway again =
        Flyway.configure()
            .dataSource(store.dataSource())
            .locations("classpath:db/migration")
            .load();
    SafeMigration.migrate(again, store.dataSource());
    assertThat(again.info().pending()).isEmpty();
  }

  private static boolean tableExists(StoreFixture store, String name) {
    Integer n =
        store
            .jdbc()
            .queryForObject(
                "SELECT COUNT(*) FROM information_schema.tables WHERE UPPER(table_name) = ?",
                Integer.class,
                name);
    return n != null && n > 0;
  }
}
