package dev.haechi.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The whole server on PostgreSQL: migrations, bootstrap admin, audit chain. Runs whenever {@code
 * HAECHI_TEST_PG_URL} is set, and always in CI (where a missing URL fails {@link TestDatabases}).
 */
class PostgresServerIT {

  @AfterEach
  void stop() {
    ServerLauncher.stop();
  }

  @Test
  void the_server_starts_on_postgresql_migrates_and_audits() throws Exception {
    var pg = TestDatabases.postgres();
    Assumptions.assumeTrue(
        pg.isPresent(), "HAECHI_TEST_PG_URL not set outside CI: PostgreSQL server test not run");
    Path home = Files.createTempDirectory("haechi-pg-server");
    var context =
        ServerLauncher.start(
            new ServerOptions(home, pg.get(), 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=pg-admin-password-123");
    String port = context.getEnvironment().getProperty("local.server.port");
    var health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(context.getBean(UserStore.class).find("admin")).isPresent();
    AuditLog audit = context.getBean(AuditLog.class);
    assertThat(audit.verify().intact()).isTrue();
    assertThat(audit.page(0, 5)).extracting(r -> r.action()).contains("user.created");
  }
}
