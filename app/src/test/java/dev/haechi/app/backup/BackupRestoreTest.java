package dev.haechi.app.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.HaechiMain;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.findings.FindingStore;
import dev.haechi.app.security.ApiTokenStore;
import dev.haechi.app.security.Role;
import dev.haechi.app.security.UserStore;
import dev.haechi.app.server.ServerLauncher;
import dev.haechi.app.server.ServerOptions;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.app.store.TestDatabases;
import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12, item 12: {@code haechi backup} of a running server's store (H2 through the server,
 * PostgreSQL directly, both while audit records are being appended) and {@code haechi restore} into
 * a fresh home: findings, alerts, notes and the audit chain come back as they were, the chain
 * verifies against the backup's signed checkpoint, and a server started on the restored home works
 * on (same tokens, new rows after the restored ones).
 */
class BackupRestoreTest {
  static final String EVENT =
      "{\"@timestamp\":\"2025-06-24T03:00:00Z\",\"event\":{\"category\":[\"web\"]},"
          + "\"token\":{\"kid\":\"auth-2022-01\",\"sub\":\"SUB\"},\"user\":{\"id\":\"SUB\"}}";

  @TempDir Path dir;

  @AfterEach
  void stop() {
    ServerLauncher.stop();
  }

  record Outcome(int code, String out, String err) {}

  static synchronized Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = HaechiMain.run(args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void an_h2_store_backed_up_through_the_running_server_restores_into_a_fresh_home()
      throws Exception {
    Path homeA = dir.resolve("a");
    Path homeB = dir.resolve("b");
    Path backup = dir.resolve("backup.zip");
    roundTrip(DatabaseTarget.embedded(homeA), homeA, null, homeB, backup, true);
  }

  @Test
  void a_postgresql_store_backed_up_online_restores_into_a_new_database() throws Exception {
    var pg = TestDatabases.postgres();
    Assumptions.assumeTrue(
        pg.isPresent(), "HAECHI_TEST_PG_URL not set outside CI: PostgreSQL backup test not run");
    String base = System.getenv("HAECHI_TEST_PG_URL");
    String db = "haechi_restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    String restoreUrl = base.replaceFirst("(//[^/]+/)[^?]+", "$1" + db);
    try {
      roundTrip(
          pg.get(),
          dir.resolve("a"),
          new DatabaseTarget(restoreUrl, "", ""),
          dir.resolve("b"),
          dir.resolve("backup.zip"),
          false);
    } finally {
      ServerLauncher.stop();
      try (Connection c = DriverManager.getConnection(base);
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
      }
    }
  }

  void roundTrip(
      DatabaseTarget source,
      Path homeA,
      DatabaseTarget restoreTarget,
      Path homeB,
      Path backup,
      boolean viaServer)
      throws Exception {
    ConfigurableApplicationContext server =
        ServerLauncher.start(
            new ServerOptions(homeA, source, 0, "127.0.0.1"),
            "--HAECHI_ADMIN_PASSWORD=backup-admin-password-123",
            "--haechi.detection.rules="
                + Path.of("src/test/resources/detection-rules").toAbsolutePath());
    String base = "http://127.0.0.1:" + server.getEnvironment().getProperty("local.server.port");
    server
        .getBean(UserStore.class)
        .createLocal("test", "feed", "a-long-test-password", Role.ANALYST);
    String feed =
        server.getBean(ApiTokenStore.class).issue("feed", "feed", Role.ANALYST, null).secret();
    String admin =
        server.getBean(ApiTokenStore.class).issue("admin", "backup", Role.ADMIN, null).secret();
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, admin);

    // Alerts through the real ingest path, findings through the store, a note on an alert.
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      events.append(EVENT.replace("SUB", "100030" + i)).append('\n');
    }
    var ingest = post(base + "/api/v1/events", feed, events.toString());
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    AlertStore alerts = server.getBean(AlertStore.class);
    assertThat(alerts.list(AlertStore.Filter.ALL, 0, 100).items()).isNotEmpty();
    long alertId = alerts.list(AlertStore.Filter.ALL, 0, 100).items().get(0).id();
    alerts.addNote("admin", alertId, "checked with the gateway team <b>bold</b>");
    server
        .getBean(FindingStore.class)
        .saveRun(
            "test",
            "resilience",
            "assess",
            "catalog:test",
            LocalDate.of(2025, 9, 1),
            List.of(
                new Finding(
                    "no-backup",
                    Severity.HIGH,
                    "File store has no backup",
                    Map.of("system", "nfs-1"),
                    List.of("systems.yaml:12"),
                    "Back it up"),
                new Finding(
                    "battery-past-life",
                    Severity.CRITICAL,
                    "UPS past its life — 한국어",
                    Map.of("entity", "ups-7"),
                    List.of("power.yaml:3"),
                    "Replace it")),
            Map.of("findings", 2));

    // The backup is online: audit records keep being appended while it is read.
    AuditLog audit = server.getBean(AuditLog.class);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong appended = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              while (writing.get()) {
                audit.append("test", "test.tick", "t", "during the backup");
                appended.incrementAndGet();
              }
            });
    writer.start();
    while (appended.get() < 20) {
      Thread.sleep(5);
    }
    Outcome b;
    try {
      if (viaServer) {
        // The embedded store is the server's alone (another process cannot open it): back it
        // up through the server over HTTP with an admin token; the CLI adds the home's key.
        b =
            run(
                "backup",
                "--to",
                backup.toString(),
                "--home",
                homeA.toString(),
                "--server",
                base,
                "--token-file",
                tokenFile.toString());
      } else {
        b =
            run(
                "backup",
                "--to",
                backup.toString(),
                "--home",
                homeA.toString(),
                "--db-url",
                source.url());
      }
      long before = appended.get();
      while (appended.get() < before + 20) {
        Thread.sleep(5);
      }
    } finally {
      writing.set(false);
      writer.join();
    }
    assertThat(b.code()).as(b.out() + b.err()).isZero();
    assertThat(b.out()).contains("audit key included");
    assertThat(Files.getPosixFilePermissions(backup))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    ServerLauncher.stop();

    // Restore into a fresh home (and, for PostgreSQL, a new database).
    List<String> args =
        new ArrayList<>(
            List.of("restore", "--from", backup.toString(), "--home", homeB.toString()));
    if (restoreTarget != null) {
      args.addAll(List.of("--db-url", restoreTarget.url()));
    }
    Outcome r = run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("audit chain intact");
    DatabaseTarget restored =
        restoreTarget != null ? restoreTarget : DatabaseTarget.embedded(homeB);

    List<String> verify = new ArrayList<>(List.of("audit", "verify", "--home", homeB.toString()));
    if (restoreTarget != null) {
      verify.addAll(List.of("--db-url", restoreTarget.url()));
    }
    Outcome v = run(verify.toArray(String[]::new));
    assertThat(v.code()).as(v.out() + v.err()).isZero();

    // Findings, alerts and notes as they were; the audit chain a prefix of the source's that
    // reaches past the records appended before the backup started.
    try (Connection a = source.connect();
        Connection c = restored.connect()) {
      for (String table : List.of("engine_run", "finding", "alert", "alert_note", "app_user")) {
        List<List<String>> expected = rows(a, table);
        assertThat(expected).as(table).isNotEmpty();
        assertThat(rows(c, table)).as(table).isEqualTo(expected);
      }
      List<List<String>> sourceAudit = rows(a, "audit_log");
      List<List<String>> restoredAudit = rows(c, "audit_log");
      assertThat(restoredAudit.size()).isGreaterThan(20).isLessThan(sourceAudit.size());
      assertThat(restoredAudit).isEqualTo(sourceAudit.subList(0, restoredAudit.size()));
    }

    // A server on the restored home opens the chain as its own and carries on.
    ConfigurableApplicationContext again =
        ServerLauncher.start(new ServerOptions(homeB, restored, 0, "127.0.0.1"));
    String base2 = "http://127.0.0.1:" + again.getEnvironment().getProperty("local.server.port");
    var verified = get(base2 + "/api/v1/audit/verify", admin);
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(verified.body()).contains("\"intact\":true");
    again
        .getBean(UserStore.class)
        .createLocal("admin", "after", "a-long-test-password", Role.VIEWER);
    assertThat(again.getBean(AuditLog.class).verify().intact()).isTrue();
    var alertsAfter = get(base2 + "/api/v1/alerts", admin);
    assertThat(alertsAfter.body()).contains("auth-2022-01");
  }

  @Test
  void restore_refuses_a_used_home_a_wrong_key_and_a_damaged_table() throws Exception {
    Path homeA = dir.resolve("a");
    ServerLauncher.start(
        new ServerOptions(homeA, DatabaseTarget.embedded(homeA), 0, "127.0.0.1"),
        "--HAECHI_ADMIN_PASSWORD=backup-admin-password-123");
    ServerLauncher.stop();
    Path backup = dir.resolve("backup.zip");
    Outcome b = run("backup", "--to", backup.toString(), "--home", homeA.toString());
    assertThat(b.code()).as(b.err()).isZero();
    assertThat(b.out()).contains("audit chain intact");

    // Restoring over an existing home is refused; nothing there changes.
    Outcome used = run("restore", "--from", backup.toString(), "--home", homeA.toString());
    assertThat(used.code()).isEqualTo(2);
    assertThat(used.err()).contains("not fresh");

    // A backup whose key is not the one its chain was sealed with is refused before any write.
    Path wrongKey = dir.resolve("wrong-key.zip");
    rewrite(backup, wrongKey, "audit.key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    Path homeC = dir.resolve("c");
    Outcome wk = run("restore", "--from", wrongKey.toString(), "--home", homeC.toString());
    assertThat(wk.code()).as(wk.out() + wk.err()).isEqualTo(2);
    assertThat(wk.err()).contains("not the one this backup's audit chain was sealed with");
    assertThat(homeC.resolve("haechi.mv.db")).doesNotExist();

    // A table altered after the backup was written is named before anything is written.
    Path damaged = dir.resolve("damaged.zip");
    String users; // a change the database would accept: only the checksum can catch it
    try (ZipFile z = new ZipFile(backup.toFile())) {
      users = new String(z.getInputStream(z.getEntry("tables/app_user.jsonl")).readAllBytes());
    }
    rewrite(backup, damaged, "tables/app_user.jsonl", users.replaceFirst("\"local\"", "\"oidc\""));
    Path homeD = dir.resolve("d");
    Outcome dm = run("restore", "--from", damaged.toString(), "--home", homeD.toString());
    assertThat(dm.code()).as(dm.out() + dm.err()).isEqualTo(2);
    assertThat(dm.err()).contains("tables/app_user.jsonl is damaged");
    assertThat(homeD.resolve("haechi.mv.db")).doesNotExist();
  }

  static void rewrite(Path from, Path to, String entry, String content) throws Exception {
    try (ZipFile z = new ZipFile(from.toFile());
        var out = new ZipOutputStream(Files.newOutputStream(to))) {
      for (var e : java.util.Collections.list(z.entries())) {
        out.putNextEntry(new ZipEntry(e.getName()));
        if (e.getName().equals(entry)) {
          out.write(content.getBytes(StandardCharsets.UTF_8));
        } else {
          z.getInputStream(e).transferTo(out);
        }
        out.closeEntry();
      }
    }
  }

  /** Every row of a table in key order, each value as text (times as instants). */
  static List<List<String>> rows(Connection c, String table) throws Exception {
    List<List<String>> out = new ArrayList<>();
    String order = table.equals("audit_log") ? "seq" : table.equals("app_user") ? "id" : "id";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + order)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          String type = md.getColumnTypeName(i).toLowerCase();
          if (type.contains("timestamp")) {
            OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
            row.add(t == null ? null : t.toInstant().toString());
          } else {
            row.add(rs.getString(i));
          }
        }
        out.add(row);
      }
    }
    return out;
  }

  static HttpResponse<String> post(String url, String token, String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
