package dev.haechi.app.backup;

import dev.haechi.app.audit.AuditChainVerifier;
import dev.haechi.app.audit.AuditSeal;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.flywaydb.core.api.MigrationVersion;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Haechi's own backup (issue 12, item 12): every table of the store, read in <b>one</b> read-only
 * transaction with a consistent snapshot (PostgreSQL {@code REPEATABLE READ}, which is a snapshot
 * for the whole transaction; H2 {@code SNAPSHOT}), written as a zip of JSON Lines that any Haechi
 * store (H2 or PostgreSQL) can be restored from. Online: writers go on while the snapshot is read.
 *
 * <p>The zip holds {@code tables/NAME.jsonl} (one JSON array per row, in primary-key order), {@code
 * audit.checkpoint} (the snapshot's audit head, signed with the audit key, so that the restored
 * chain verifies against it), {@code audit.key} when the caller includes it, and {@code
 * manifest.json} last (format, schema version, every table's columns, row count and SHA-256).
 *
 * <p>Why not {@code pg_dump} / H2 {@code BACKUP TO}: a dump of one database restores only into the
 * same kind of database and version, needs the tool on the machine, and cannot carry the audit
 * checkpoint of exactly the snapshot it read; this format restores either way (an H2 backup into
 * PostgreSQL and back) through the same Flyway migrations.
 */
public final class StoreBackup {
  public static final String FORMAT = "haechi-backup v1";
  static final String MANIFEST = "manifest.json";
  static final String CHECKPOINT = "audit.checkpoint";
  static final String KEY = "audit.key";
  static final String FLYWAY_TABLE = "flyway_schema_history";
  static final JsonMapper JSON = JsonMapper.builder().build();

  private StoreBackup() {}

  /**
   * What a backup holds.
   *
   * @param auditIntact whether the snapshot's audit chain verified with the key
   * @param auditReason why not, empty when intact
   */
  public record Summary(
      String database,
      String schemaVersion,
      int tables,
      long rows,
      long auditRecords,
      boolean auditIntact,
      String auditReason,
      boolean keyIncluded) {}

  /**
   * Writes the backup of the database behind {@code c} to {@code out} (not closed). The
   * connection's transaction settings are changed and restored; the caller owns the connection.
   *
   * @param seal the audit key: signs the snapshot's checkpoint and verifies its chain
   * @param keyFileText the text of {@code audit.key} to include, or null to leave the key out
   */
  public static Summary write(Connection c, AuditSeal seal, String keyFileText, OutputStream out)
      throws SQLException, IOException {
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    boolean h2 = isH2(c);
    try {
      c.setAutoCommit(false);
      if (h2) {
        try (Statement s = c.createStatement()) {
          s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
        }
      } else {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Statement s = c.createStatement()) {
          s.execute("SET TRANSACTION READ ONLY");
        }
      }
      Summary summary = writeSnapshot(c, seal, keyFileText, out, h2);
      c.commit();
      return summary;
    } catch (SQLException | IOException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      if (h2) {
        try (Statement s = c.createStatement()) {
          s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
        }
      } else {
        c.setTransactionIsolation(isolation);
      }
      c.setAutoCommit(autoCommit);
    }
  }

  private static Summary writeSnapshot(
      Connection c, AuditSeal seal, String keyFileText, OutputStream out, boolean h2)
      throws SQLException, IOException {
    DatabaseMetaData md = c.getMetaData();
    String database = md.getDatabaseProductName() + " " + md.getDatabaseProductVersion();
    List<Table> tables = tables(c);
    String schemaVersion = schemaVersion(c, tables);
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("format", FORMAT);
    manifest.put("createdAt", Instant.now().toString());
    manifest.put("database", database);
    manifest.put(
        "consistency",
        h2
            ? "one read-only transaction at isolation SNAPSHOT (H2)"
            : "one read-only transaction at isolation REPEATABLE READ (PostgreSQL snapshot)");
    manifest.put("schemaVersion", schemaVersion);
    ArrayNode tableList = manifest.putArray("tables");
    ZipOutputStream zip = new ZipOutputStream(new KeepOpen(out), StandardCharsets.UTF_8);
    long rows = 0;
    int count = 0;
    for (Table t : tables) {
      if (t.name.equals(FLYWAY_TABLE)) {
        continue;
      }
      count++;
      zip.putNextEntry(new ZipEntry("tables/" + t.name + ".jsonl"));
      MessageDigest sha = sha256();
      DigestOutputStream digest = new DigestOutputStream(new KeepOpen(zip), sha);
      long n = writeRows(c, t, digest);
      digest.flush();
      zip.closeEntry();
      rows += n;
      ObjectNode tn = tableList.addObject();
      tn.put("name", t.name);
      ArrayNode cols = tn.putArray("columns");
      for (Column col : t.columns) {
        cols.addObject().put("name", col.name).put("kind", col.kind);
      }
      tn.put("rows", n);
      tn.put("sha256", HexFormat.of().formatHex(sha.digest()));
    }
    // The audit head of this same snapshot: its signed checkpoint lets the restored chain be
    // verified exactly as far as the backup reached.
    long auditRecords = 0;
    boolean intact = true;
    String reason = "";
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_seq, last_hash, chain_id FROM audit_head")) {
      if (rs.next() && rs.getString(3) != null) {
        AuditSeal.Checkpoint cp = seal.sign(rs.getString(3), rs.getLong(1), rs.getString(2));
        AuditChainVerifier.Result r = AuditChainVerifier.verify(c, seal, Optional.of(cp));
        auditRecords = r.records();
        intact = r.intact();
        reason = r.reason();
        zip.putNextEntry(new ZipEntry(CHECKPOINT));
        zip.write((cp.line() + "\n").getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        ObjectNode a = manifest.putObject("audit");
        a.put("chainId", cp.chainId());
        a.put("lastSeq", cp.seq());
        a.put("lastHash", cp.hash());
        a.put("intact", intact);
        a.put("reason", reason);
      }
    }
    if (keyFileText != null) {
      zip.putNextEntry(new ZipEntry(KEY));
      zip.write(keyFileText.getBytes(StandardCharsets.US_ASCII));
      zip.closeEntry();
    }
    manifest.put("rows", rows);
    zip.putNextEntry(new ZipEntry(MANIFEST));
    zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    zip.closeEntry();
    zip.finish();
    zip.flush();
    return new Summary(
        database, schemaVersion, count, rows, auditRecords, intact, reason, keyFileText != null);
  }

  private static long writeRows(Connection c, Table t, OutputStream out)
      throws SQLException, IOException {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < t.columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(t.columns.get(i).name);
    }
    sql.append(" FROM ").append(t.name);
    List<String> order = t.primaryKey.isEmpty() ? t.columnNames() : t.primaryKey;
    sql.append(" ORDER BY ").append(String.join(", ", order));
    long n = 0;
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ArrayNode row = JSON.createArrayNode();
          for (int i = 0; i < t.columns.size(); i++) {
            addValue(row, rs, i + 1, t.columns.get(i).kind);
          }
          out.write(JSON.writeValueAsBytes(row));
          out.write('\n');
          n++;
        }
      }
    }
    return n;
  }

  private static void addValue(ArrayNode row, ResultSet rs, int i, String kind)
      throws SQLException {
    switch (kind) {
      case "long" -> {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          row.addNull();
        } else {
          row.add(v);
        }
      }
      case "bool" -> {
        boolean v = rs.getBoolean(i);
        if (rs.wasNull()) {
          row.addNull();
        } else {
          row.add(v);
        }
      }
      case "double" -> {
        double v = rs.getDouble(i);
        if (rs.wasNull()) {
          row.addNull();
        } else {
          row.add(v);
        }
      }
      case "decimal" -> {
        var v = rs.getBigDecimal(i);
        if (v == null) {
          row.addNull();
        } else {
          row.add(v.toPlainString());
        }
      }
      case "date" -> {
        LocalDate v = rs.getObject(i, LocalDate.class);
        if (v == null) {
          row.addNull();
        } else {
          row.add(v.toString());
        }
      }
      case "timestamptz" -> {
        OffsetDateTime v = rs.getObject(i, OffsetDateTime.class);
        if (v == null) {
          row.addNull();
        } else {
          row.add(v.toString());
        }
      }
      case "timestamp" -> {
        LocalDateTime v = rs.getObject(i, LocalDateTime.class);
        if (v == null) {
          row.addNull();
        } else {
          row.add(v.toString());
        }
      }
      case "bytes" -> {
        byte[] v = rs.getBytes(i);
        if (v == null) {
          row.addNull();
        } else {
          row.add(Base64.getEncoder().encodeToString(v));
        }
      }
      default -> {
        String v = rs.getString(i);
        if (v == null) {
          row.addNull();
        } else {
          row.add(v);
        }
      }
    }
  }

  static boolean isH2(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
  }

  /** The newest applied Flyway version, e.g. {@code 17.2}. */
  static String schemaVersion(Connection c, List<Table> tables) throws SQLException {
    Optional<Table> history = tables.stream().filter(t -> t.name.equals(FLYWAY_TABLE)).findFirst();
    if (history.isEmpty()) {
      return "";
    }
    MigrationVersion newest = null;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"version\" FROM \""
                    + history.get().actualName()
                    + "\" WHERE \"success\" AND \"version\" IS NOT NULL")) {
      while (rs.next()) {
        MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
        if (newest == null || v.compareTo(newest) > 0) {
          newest = v;
        }
      }
    }
    return newest == null ? "" : newest.getVersion();
  }

  /** One column: its lower-case name and how its values are written. */
  record Column(String name, String kind, int jdbcType) {}

  /** One table with its columns (in order) and primary key. */
  record Table(String name, String actualName, List<Column> columns, List<String> primaryKey) {
    List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }
  }

  /**
   * The tables of the connection's current schema, parents before the tables that reference them
   * (so that a restore inserts in this order and deletes in the reverse).
   */
  static List<Table> tables(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String catalog = c.getCatalog();
    String schema = c.getSchema();
    Map<String, Table> byName = new LinkedHashMap<>();
    Map<String, List<String>> parents = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        if (schema == null || schema.equalsIgnoreCase(rs.getString("TABLE_SCHEM"))) {
          names.add(rs.getString("TABLE_NAME"));
        }
      }
    }
    java.util.Collections.sort(names, String.CASE_INSENSITIVE_ORDER);
    for (String actual : names) {
      String name = actual.toLowerCase(Locale.ROOT);
      List<Column> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(catalog, schema, actual, "%")) {
        List<Object[]> raw = new ArrayList<>();
        while (rs.next()) {
          if (!actual.equals(rs.getString("TABLE_NAME"))) {
            continue;
          }
          raw.add(
              new Object[] {
                rs.getInt("ORDINAL_POSITION"),
                rs.getString("COLUMN_NAME"),
                rs.getInt("DATA_TYPE"),
                rs.getString("TYPE_NAME")
              });
        }
        raw.sort(java.util.Comparator.comparingInt(o -> (Integer) o[0]));
        for (Object[] o : raw) {
          int type = (Integer) o[2];
          cols.add(
              new Column(
                  ((String) o[1]).toLowerCase(Locale.ROOT), kindOf(type, (String) o[3]), type));
        }
      }
      List<String> pk = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(catalog, schema, actual)) {
        java.util.TreeMap<Integer, String> ordered = new java.util.TreeMap<>();
        while (rs.next()) {
          ordered.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
        pk.addAll(ordered.values());
      }
      List<String> refs = new ArrayList<>();
      try (ResultSet rs = md.getImportedKeys(catalog, schema, actual)) {
        while (rs.next()) {
          String parent = rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
          if (!parent.equals(name)) {
            refs.add(parent);
          }
        }
      }
      byName.put(name, new Table(name, actual, cols, pk));
      parents.put(name, refs);
    }
    List<Table> ordered = new ArrayList<>();
    java.util.Set<String> done = new java.util.HashSet<>();
    while (ordered.size() < byName.size()) {
      boolean progress = false;
      for (Table t : byName.values()) {
        if (!done.contains(t.name)
            && parents.get(t.name).stream()
                .allMatch(p -> done.contains(p) || !byName.containsKey(p))) {
          ordered.add(t);
          done.add(t.name);
          progress = true;
        }
      }
      if (!progress) {
        // A reference cycle: keep the rest in name order (a restore defers nothing, so such a
        // schema would need deferred constraints; Haechi's has none).
        byName.values().stream().filter(t -> !done.contains(t.name)).forEach(ordered::add);
        break;
      }
    }
    return ordered;
  }

  static String kindOf(int type, String typeName) {
    String tn = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
    return switch (type) {
      case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> "long";
      case Types.BOOLEAN, Types.BIT -> "bool";
      case Types.DOUBLE, Types.FLOAT, Types.REAL -> "double";
      case Types.NUMERIC, Types.DECIMAL -> "decimal";
      case Types.DATE -> "date";
      case Types.TIMESTAMP_WITH_TIMEZONE -> "timestamptz";
      case Types.TIMESTAMP ->
          tn.contains("tz") || tn.contains("time zone") ? "timestamptz" : "timestamp";
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> "bytes";
      default -> "string";
    };
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Lets a zip stream or digest be closed without closing what it writes to. */
  static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
