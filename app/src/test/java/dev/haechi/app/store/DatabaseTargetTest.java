package dev.haechi.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

  @Test
  void without_a_url_the_store_is_an_h2_file_in_the_home_folder() {
    var t = DatabaseTarget.resolve(null, Path.of("/tmp/haechi-home"), Map.of());
    assertThat(t.isH2()).isTrue();
    assertThat(t.url()).startsWith("jdbc:h2:file:/tmp/haechi-home/haechi");
  }

  @Test
  void the_explicit_url_wins_over_the_environment() {
    var t =
        DatabaseTarget.resolve(
            "jdbc:postgresql://db/a", Path.of("x"), Map.of("HAECHI_DB_URL", "jdbc:postgresql://b"));
    assertThat(t.url()).isEqualTo("jdbc:postgresql://db/a");
  }

  @Test
  void passwords_never_appear_in_the_printed_url() {
    var t =
        new DatabaseTarget("jdbc:postgresql://db:5432/h?user=u&password=s3cret&ssl=true", "", "");
    assertThat(t.describe()).doesNotContain("s3cret").contains("password=***").contains("ssl=true");
  }

  @Test
  void an_unreachable_database_is_refused_naming_it_and_the_reason() {
    var t = new DatabaseTarget("jdbc:postgresql://127.0.0.1:1/haechi", "u", "p");
    assertThatThrownBy(t::checkReachable)
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("cannot use database");
  }

  @Test
  void a_url_without_a_driver_is_refused_as_invalid() {
    var t = new DatabaseTarget("jdbc:oracle:thin:@x", "", "");
    assertThatThrownBy(t::checkReachable)
        .hasMessageContaining("invalid database URL")
        .hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(new DatabaseTarget("postgres://x", "", "")::checkReachable)
        .hasMessageContaining("must start with jdbc:");
  }
}
