package dev.haechi.app.cli;

import dev.haechi.app.audit.AuditSeal;
import dev.haechi.app.backup.StoreBackup;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.app.store.DatabaseUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code haechi backup --to FILE}: an online, consistent backup of the store (issue 12, item 12).
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up Haechi's store (H2 or PostgreSQL) to one file, online: everything is read in one"
          + " read-only snapshot transaction while the server goes on working.",
      "PostgreSQL is read directly (--db-url / $HAECHI_DB_URL). The embedded H2 store is open"
          + " only to the server that runs on it: back it up through that server with --server"
          + " (an admin API token in $HAECHI_TOKEN), or directly when no server runs on it.",
      "The audit key is put in the file when it is the home's audit.key (unless"
          + " --without-audit-key); a key from $HAECHI_AUDIT_KEY(_FILE) stays in your secret"
          + " store. The file is written 0600: it holds password and token hashes."
    })
public class BackupCommand implements Callable<Integer> {
  @Mixin StoreOptions store;

  @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file.")
  Path to;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Back up through this running server (GET /api/v1/admin/backup), e.g."
              + " http://127.0.0.1:8080. The admin API token comes from $HAECHI_TOKEN.")
  String server;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "Read the admin API token for --server from this file instead of $HAECHI_TOKEN.")
  Path tokenFile;

  @Option(
      names = "--without-audit-key",
      description = "Leave the home's audit.key out of the file (restore then needs it).")
  boolean withoutKey;

  @Override
  public Integer call() throws IOException, SQLException, InterruptedException {
    Path home = store.home();
    Path tmp = privateTemp(to);
    try {
      StoreBackup.Summary s;
      String keyText = withoutKey ? null : homeKey(home);
      if (server != null) {
        fetch(tmp, keyText);
        s = null;
      } else {
        DatabaseTarget db = store.database();
        if (db.isH2()) {
          Path file = home.resolve("haechi.mv.db");
          if (db.url().startsWith("jdbc:h2:file:") && !Files.exists(file)) {
            throw new DatabaseUnavailableException(
                "no Haechi store at " + file.toAbsolutePath() + " (set --home or $HAECHI_HOME)");
          }
          db = new DatabaseTarget(db.url() + ";IFEXISTS=TRUE", db.user(), db.password());
        }
        AuditSeal seal;
        try {
          seal = AuditSeal.open(home, System.getenv(), null, false);
        } catch (IllegalStateException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!seal.keyFromHome()) {
          keyText = null;
        }
        try (Connection c = connect(db);
            OutputStream out = Files.newOutputStream(tmp)) {
          s = StoreBackup.write(c, seal, keyText, out);
        }
      }
      Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      if (s != null) {
        System.out.printf(
            "backed up %d tables, %d rows (schema %s, %s) to %s; audit chain %s (%d records);"
                + " audit key %s%n",
            s.tables(),
            s.rows(),
            s.schemaVersion(),
            s.database(),
            to,
            s.auditIntact() ? "intact" : "BROKEN: " + s.auditReason(),
            s.auditRecords(),
            s.keyIncluded() ? "included" : "not included (restore needs $HAECHI_AUDIT_KEY)");
      } else {
        System.out.printf(
            "backed up the store of %s to %s; audit key %s%n",
            server,
            to,
            keyText != null ? "included" : "not included (restore needs $HAECHI_AUDIT_KEY)");
      }
      return ExitCodes.OK;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Connection connect(DatabaseTarget db) {
    try {
      return db.connect();
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      if (db.isH2() && (m.contains("already in use") || m.contains("locked"))) {
        throw new DatabaseUnavailableException(
            "the embedded store is in use by a running server: back it up through that server"
                + " with --server http://HOST:PORT (an admin API token in $HAECHI_TOKEN)");
      }
      db.checkReachable();
      throw new DatabaseUnavailableException("cannot use database " + db.describe() + ": " + m);
    }
  }

  /** The home's {@code audit.key}, when the key comes from there (not the environment). */
  private static String homeKey(Path home) throws IOException {
    var env = System.getenv();
    if (!env.getOrDefault("HAECHI_AUDIT_KEY", "").isBlank()
        || !env.getOrDefault("HAECHI_AUDIT_KEY_FILE", "").isBlank()) {
      return null;
    }
    Path key = home.resolve("audit.key");
    return Files.isReadable(key) ? Files.readString(key, StandardCharsets.US_ASCII) : null;
  }

  /** Downloads the server's backup and adds the home's audit key to it when there is one. */
  private void fetch(Path tmp, String keyText) throws IOException, InterruptedException {
    String token =
        tokenFile != null
            ? Files.readString(tokenFile, StandardCharsets.UTF_8)
            : System.getenv("HAECHI_TOKEN");
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "--server needs an admin API token in $HAECHI_TOKEN (make one on the account page)");
    }
    URI uri = URI.create(server.replaceAll("/+$", "") + "/api/v1/admin/backup");
    HttpResponse<InputStream> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token.trim())
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) {
        String why = new String(body.readNBytes(500), StandardCharsets.UTF_8);
        throw new IllegalArgumentException(
            "--server: " + uri + " answered " + r.statusCode() + ": " + why.strip());
      }
      try (ZipInputStream in = new ZipInputStream(body, StandardCharsets.UTF_8);
          ZipOutputStream out =
              new ZipOutputStream(Files.newOutputStream(tmp), StandardCharsets.UTF_8)) {
        ZipEntry e;
        boolean keyWritten = false;
        while ((e = in.getNextEntry()) != null) {
          if (e.getName().equals("manifest.json") && keyText != null && !keyWritten) {
            out.putNextEntry(new ZipEntry("audit.key"));
            out.write(keyText.getBytes(StandardCharsets.US_ASCII));
            out.closeEntry();
            keyWritten = true;
          }
          out.putNextEntry(new ZipEntry(e.getName()));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
  }

  private static Path privateTemp(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    FileAttribute<?>[] attrs =
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
  }
}
