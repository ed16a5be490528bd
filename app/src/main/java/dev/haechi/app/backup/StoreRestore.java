package dev.haechi.app.backup;

import dev.haechi.app.audit.AuditChainVerifier;
import dev.haechi.app.audit.AuditSeal;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.core.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import tools.jackson.databind.JsonNode;

/**
 * Restores a {@link StoreBackup} into a <b>fresh</b> home (and, for PostgreSQL, an empty database
 * or schema): migrates the empty store to the backup's schema version with the same Flyway
 * migrations the server uses, loads every table in one transaction, moves identity counters past
 * the restored rows, puts the audit key (from the backup, or {@code $HAECHI_AUDIT_KEY}/{@code
 * _FILE}) and the backup's signed checkpoint into the home, and verifies the restored audit chain
 * against that checkpoint before it reports success. A server started on the home then opens the
 * chain as its own and carries on from the backup's last record.
 */
public final class StoreRestore {
  private StoreRestore() {}

  /**
   * What was restored.
   *
   * @param keyFrom where the audit key came from ({@code backup} or the environment)
   */
  public record Result(
      String schemaVersion,
      int tables,
      long rows,
      AuditChainVerifier.Result audit,
      String keyFrom,
      String backedUpFrom) {}

  /**
   * Restores {@code file} into {@code target} and {@code home}.
   *
   * @throws InputException when the backup is unreadable, damaged, from a newer Haechi, or the
   *     target is not fresh, or no matching audit key is at hand: nothing was written then
   */
  public static Result restore(Path file, DatabaseTarget target, Path home, Map<String, String> env)
      throws IOException, SQLException {
    String where = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(where);
    }
    try (ZipFile zip = new ZipFile(file.toFile())) {
      JsonNode manifest = readManifest(zip, where);
      String schemaVersion = manifest.path("schemaVersion").asString("");
      checkSchemaVersion(schemaVersion, where);
      checkFreshHome(home, target);
      checkTables(zip, manifest, where);

      // The key and the checkpoint are checked before anything is written.
      Optional<AuditSeal.Checkpoint> checkpoint = Optional.empty();
      ZipEntry cpEntry = zip.getEntry(StoreBackup.CHECKPOINT);
      if (cpEntry != null) {
        String line = text(zip, cpEntry).trim();
        checkpoint = AuditSeal.Checkpoint.parse(line);
        if (checkpoint.isEmpty()) {
          throw new InputException(where, 0, StoreBackup.CHECKPOINT + " is not a checkpoint");
        }
      }
      ZipEntry keyEntry = zip.getEntry(StoreBackup.KEY);
      String keyText = keyEntry == null ? null : text(zip, keyEntry);
      boolean envKey =
          !env.getOrDefault("HAECHI_AUDIT_KEY", "").isBlank()
              || !env.getOrDefault("HAECHI_AUDIT_KEY_FILE", "").isBlank();
      Path staging = Files.createTempDirectory("haechi-restore-key");
      AuditSeal seal;
      try {
        if (keyText != null) {
          Files.writeString(staging.resolve("audit.key"), keyText, StandardCharsets.US_ASCII);
        }
        try {
          seal = AuditSeal.open(staging, env, null, false);
        } catch (IllegalStateException e) {
          throw new InputException(
              where,
              0,
              "the backup does not hold the audit key (it came from the environment when it was"
                  + " made): set $HAECHI_AUDIT_KEY or $HAECHI_AUDIT_KEY_FILE to it ("
                  + e.getMessage()
                  + ")");
        }
        if (checkpoint.isPresent() && !seal.verifies(checkpoint.get())) {
          throw new InputException(
              where,
              0,
              "the audit key "
                  + (envKey ? "in the environment" : "in the backup")
                  + " is not the one this backup's audit chain was sealed with");
        }
      } finally {
        Files.deleteIfExists(staging.resolve("audit.key"));
        Files.deleteIfExists(staging);
      }

      // From here on the target is written.
      dev.haechi.app.store.PrivateHome.secure(home);
      if (keyText != null && !envKey) {
        Files.writeString(
            Files.createFile(home.resolve("audit.key"), privateFile()),
            keyText,
            StandardCharsets.US_ASCII);
      }
      seal = AuditSeal.open(home, env, null, false);
      if (schemaVersion.isEmpty()) {
        throw new InputException(where, 0, "the backup names no schema version");
      }
      Flyway.configure()
          .dataSource(target.url(), target.user(), target.password())
          .locations("classpath:db/migration")
          .target(MigrationVersion.fromVersion(schemaVersion))
          .load()
          .migrate();
      long rows;
      int tables = 0;
      try (Connection c = target.connect()) {
        List<StoreBackup.Table> present = StoreBackup.tables(c);
        Map<String, StoreBackup.Table> byName = new HashMap<>();
        present.forEach(t -> byName.put(t.name(), t));
        c.setAutoCommit(false);
        try {
          // Rows the migrations seeded (the audit head) make way for the backup's.
          for (int i = present.size() - 1; i >= 0; i--) {
            StoreBackup.Table t = present.get(i);
            if (!t.name().equals(StoreBackup.FLYWAY_TABLE)) {
              try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + t.name());
              }
            }
          }
          rows = 0;
          for (JsonNode tn : manifest.path("tables")) {
            rows += loadTable(c, zip, tn, byName, where);
            tables++;
          }
          c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
          c.rollback();
          throw e;
        }
        c.setAutoCommit(true);
        restartIdentities(c, present);
      }
      AuditChainVerifier.Result audit;
      try (Connection c = target.connect()) {
        audit =
            checkpoint.isPresent()
                ? AuditChainVerifier.verify(c, seal, checkpoint)
                : new AuditChainVerifier.Result(
                    true, 0, 0, "the backup has no audit chain id (its server never started)");
      }
      if (checkpoint.isPresent() && audit.intact()) {
        Path cp = home.resolve(StoreBackup.CHECKPOINT);
        Files.writeString(
            Files.createFile(cp, privateFile()),
            checkpoint.get().line() + "\n",
            StandardCharsets.UTF_8);
      }
      dev.haechi.app.store.PrivateHome.secure(home);
      return new Result(
          schemaVersion,
          tables,
          rows,
          audit,
          envKey ? "environment" : keyText != null ? "backup" : "environment",
          manifest.path("database").asString(""));
    }
  }

  private static JsonNode readManifest(ZipFile zip, String where) throws IOException {
    ZipEntry e = zip.getEntry(StoreBackup.MANIFEST);
    if (e == null) {
      throw new InputException(where, 0, "not a Haechi backup: it has no " + StoreBackup.MANIFEST);
    }
    JsonNode m;
    try {
      m = StoreBackup.JSON.readTree(text(zip, e));
    } catch (RuntimeException x) {
      throw new InputException(where, 0, StoreBackup.MANIFEST + " is not JSON: " + x.getMessage());
    }
    if (!StoreBackup.FORMAT.equals(m.path("format").asString(""))) {
      throw new InputException(
          where, 0, "format '" + m.path("format").asString("") + "' is not " + StoreBackup.FORMAT);
    }
    return m;
  }

  private static void checkSchemaVersion(String version, String where) {
    if (version.isEmpty()) {
      return;
    }
    MigrationVersion newest = MigrationVersion.EMPTY;
    for (var m :
        Flyway.configure()
            .dataSource("jdbc:h2:mem:haechi-restore-probe", "sa", "")
            .locations("classpath:db/migration")
            .load()
            .info()
            .all()) {
      if (m.getVersion() != null && m.getVersion().compareTo(newest) > 0) {
        newest = m.getVersion();
      }
    }
    if (MigrationVersion.fromVersion(version).compareTo(newest) > 0) {
      throw new InputException(
          where,
          0,
          "the backup is from a newer Haechi (schema "
              + version
              + "); this one knows up to "
              + newest.getVersion()
              + ": restore it with that version or newer");
    }
  }

  private static void checkFreshHome(Path home, DatabaseTarget target) throws SQLException {
    for (String f : List.of("audit.checkpoint", "audit.key", "haechi.mv.db")) {
      if (Files.exists(home.resolve(f))) {
        throw new InputException(
            home.toString(),
            0,
            "the home is not fresh: it already holds "
                + f
                + " (restore into a new, empty home so that nothing is overwritten)");
      }
    }
    if (!target.isH2()) {
      target.checkReachable();
      try (Connection c = target.connect()) {
        List<StoreBackup.Table> existing = StoreBackup.tables(c);
        if (!existing.isEmpty()) {
          throw new InputException(
              target.describe(),
              0,
              "the database is not empty: it already has table "
                  + existing.get(0).name()
                  + " (restore into a new database or schema)");
        }
      }
    }
  }

  private static long loadTable(
      Connection c, ZipFile zip, JsonNode tn, Map<String, StoreBackup.Table> present, String where)
      throws SQLException, IOException {
    String name = tn.path("name").asString("");
    String entryName = "tables/" + name + ".jsonl";
    StoreBackup.Table t = present.get(name);
    if (t == null) {
      throw new InputException(
          where, 0, entryName + ": the table " + name + " does not exist at this schema version");
    }
    ZipEntry e = zip.getEntry(entryName);
    if (e == null) {
      throw new InputException(where, 0, entryName + " is missing");
    }
    List<String> cols = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    Map<String, Integer> targetTypes = new HashMap<>();
    t.columns().forEach(col -> targetTypes.put(col.name(), col.jdbcType()));
    for (JsonNode col : tn.path("columns")) {
      String cn = col.path("name").asString("");
      if (!targetTypes.containsKey(cn)) {
        throw new InputException(
            where, 0, entryName + ": column " + cn + " does not exist in table " + name);
      }
      cols.add(cn);
      kinds.add(col.path("kind").asString("string"));
      types.add(targetTypes.get(cn));
    }
    String sql =
        "INSERT INTO "
            + name
            + " ("
            + String.join(", ", cols)
            + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(cols.size(), "?"))
            + ")";
    long n = 0;
    try (InputStream in = zip.getInputStream(e);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        PreparedStatement ps = c.prepareStatement(sql)) {
      String line;
      int batch = 0;
      while ((line = r.readLine()) != null) {
        n++;
        JsonNode row;
        try {
          row = StoreBackup.JSON.readTree(line);
        } catch (RuntimeException x) {
          throw new InputException(entryName, (int) n, "not a JSON row: " + x.getMessage());
        }
        if (!row.isArray() || row.size() != cols.size()) {
          throw new InputException(
              entryName, (int) n, "a row needs " + cols.size() + " values, not " + row.size());
        }
        for (int i = 0; i < cols.size(); i++) {
          bind(ps, i + 1, row.get(i), kinds.get(i), types.get(i), entryName, (int) n);
        }
        ps.addBatch();
        if (++batch == 500) {
          execute(ps, entryName, n);
          batch = 0;
        }
      }
      if (batch > 0) {
        execute(ps, entryName, n);
      }
    }
    return n;
  }

  private static void execute(PreparedStatement ps, String entryName, long line) {
    try {
      ps.executeBatch();
    } catch (SQLException x) {
      String m = String.valueOf(x.getMessage());
      int nl = m.indexOf('\n');
      throw new InputException(
          entryName,
          (int) line,
          "the rows up to here cannot be restored: " + (nl < 0 ? m : m.substring(0, nl)));
    }
  }

  /**
   * Checks every table's file against the manifest (SHA-256 and rows) before anything is written.
   */
  private static void checkTables(ZipFile zip, JsonNode manifest, String where) throws IOException {
    for (JsonNode tn : manifest.path("tables")) {
      String entryName = "tables/" + tn.path("name").asString("") + ".jsonl";
      ZipEntry e = zip.getEntry(entryName);
      if (e == null) {
        throw new InputException(where, 0, entryName + " is missing");
      }
      MessageDigest sha = StoreBackup.sha256();
      long lines = 0;
      try (InputStream in = new DigestInputStream(zip.getInputStream(e), sha)) {
        byte[] buf = new byte[65536];
        int r;
        while ((r = in.read(buf)) > 0) {
          for (int i = 0; i < r; i++) {
            if (buf[i] == '\n') {
              lines++;
            }
          }
        }
      }
      if (!HexFormat.of().formatHex(sha.digest()).equals(tn.path("sha256").asString(""))) {
        throw new InputException(
            where, 0, entryName + " is damaged: its SHA-256 is not the one the manifest records");
      }
      if (lines != tn.path("rows").asLong(-1)) {
        throw new InputException(
            where,
            0,
            entryName + " has " + lines + " rows; the manifest records " + tn.path("rows"));
      }
    }
  }

  private static void bind(
      PreparedStatement ps, int i, JsonNode v, String kind, int sqlType, String entry, int line)
      throws SQLException {
    if (v == null || v.isNull()) {
      ps.setNull(i, sqlType);
      return;
    }
    try {
      switch (kind) {
        case "long" -> ps.setLong(i, v.asLong());
        case "bool" -> ps.setBoolean(i, v.asBoolean());
        case "double" -> ps.setDouble(i, v.asDouble());
        case "decimal" -> ps.setBigDecimal(i, new BigDecimal(v.asString()));
        case "date" -> ps.setObject(i, LocalDate.parse(v.asString()));
        case "timestamptz" -> ps.setObject(i, OffsetDateTime.parse(v.asString()));
        case "timestamp" -> ps.setObject(i, LocalDateTime.parse(v.asString()));
        case "bytes" -> ps.setBytes(i, Base64.getDecoder().decode(v.asString()));
        default -> ps.setString(i, v.asString());
      }
    } catch (RuntimeException x) {
      throw new InputException(entry, line, "value " + i + " is not a " + kind + ": " + v);
    }
  }

  /** Moves every identity column past the largest restored value. */
  private static void restartIdentities(Connection c, List<StoreBackup.Table> tables)
      throws SQLException {
    var md = c.getMetaData();
    for (StoreBackup.Table t : tables) {
      try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), t.actualName(), "%")) {
        List<String> identity = new ArrayList<>();
        while (rs.next()) {
          if (t.actualName().equals(rs.getString("TABLE_NAME"))
              && "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"))) {
            identity.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
          }
        }
        for (String col : identity) {
          long next;
          try (Statement s = c.createStatement();
              ResultSet m = s.executeQuery("SELECT MAX(" + col + ") FROM " + t.name())) {
            m.next();
            next = m.getLong(1) + 1;
          }
          try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + t.name() + " ALTER COLUMN " + col + " RESTART WITH " + next);
          }
        }
      }
    }
  }

  private static String text(ZipFile zip, ZipEntry e) throws IOException {
    try (InputStream in = zip.getInputStream(e)) {
      return new String(in.readNBytes(64 * 1024 * 1024), StandardCharsets.UTF_8);
    }
  }

  private static FileAttribute<?>[] privateFile() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }
}
