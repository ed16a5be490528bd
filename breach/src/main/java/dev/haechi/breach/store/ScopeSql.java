package dev.haechi.breach.store;

import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.breach.scope.SubjectRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Scoping as columnar SQL over the committed Parquet files (FORMATS.md §5). Files outside the
 * window are pruned by their recorded time range; inside DuckDB, row-group statistics on the
 * key-sorted files skip the rest. A file that is missing, altered in size or not Parquet is named
 * in the result's errors and skipped — never read as empty.
 */
final class ScopeSql {
  private final Path dir;
  private final StoreState state;

  ScopeSql(Path dir, StoreState state) {
    this.dir = dir;
    this.state = state;
  }

  ScopeResult scope(ScopeQuery q, boolean withSubjects) throws SQLException {
    List<String> errors = new ArrayList<>();
    List<StoredFile> inWindow = new ArrayList<>();
    long from = q.from() == null ? Long.MIN_VALUE : micros(q.from());
    long to = q.to() == null ? Long.MAX_VALUE : micros(q.to());
    for (StoredFile f : state.files()) {
      if (f.maxMicros() >= from && f.minMicros() < to) {
        inWindow.add(f);
      }
    }
    List<StoredFile> readable = readable(inWindow, errors);
    try (Connection c = Duck.open(null)) {
      Counts n = readable.isEmpty() ? Counts.NONE : count(c, readable, q, withSubjects, errors);
      boolean seen = n.requests > 0 || seenAnywhere(c, q, errors);
      return new ScopeResult(
          n.subjects,
          n.categories,
          n.first == null ? null : ScopeResult.instant(n.first),
          n.last == null ? null : ScopeResult.instant(n.last),
          n.requests,
          n.byDay,
          q,
          state.dataVersion(),
          seen,
          errors,
          n.rows);
    }
  }

  private record Counts(
      long subjects,
      TreeMap<String, Long> categories,
      Long first,
      Long last,
      long requests,
      TreeMap<String, Long> byDay,
      List<SubjectRow> rows) {
    static final Counts NONE =
        new Counts(0, new TreeMap<>(), null, null, 0, new TreeMap<>(), List.of());
  }

  /** Cheap checks before DuckDB opens a file: present, the committed size, Parquet magic. */
  private List<StoredFile> readable(List<StoredFile> files, List<String> errors) {
    List<StoredFile> ok = new ArrayList<>();
    for (StoredFile f : files) {
      Path p = dir.resolve(f.path());
      String problem = null;
      try {
        if (!Files.exists(p)) {
          problem = "missing";
        } else if (Files.size(p) != f.bytes()) {
          problem = "size " + Files.size(p) + " bytes, committed " + f.bytes();
        } else if (!magic(p)) {
          problem = "not a Parquet file (no PAR1 magic)";
        }
      } catch (IOException e) {
        problem = "unreadable: " + e.getMessage();
      }
      if (problem == null) {
        ok.add(f);
      } else {
        errors.add(f.path() + ": corrupt partition file (" + problem + "), skipped");
      }
    }
    return ok;
  }

  private static boolean magic(Path p) throws IOException {
    try (var ch = java.nio.channels.FileChannel.open(p)) {
      java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4);
      java.nio.ByteBuffer tail = java.nio.ByteBuffer.allocate(4);
      ch.read(head, 0);
      ch.read(tail, Math.max(0, ch.size() - 4));
      return new String(head.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1")
          && new String(tail.array(), java.nio.charset.StandardCharsets.US_ASCII).equals("PAR1");
    }
  }

  private Counts count(
      Connection c, List<StoredFile> files, ScopeQuery q, boolean withSubjects, List<String> errors)
      throws SQLException {
    try {
      return countOnce(c, files, q, withSubjects);
    } catch (SQLException e) {
      // a file passed the cheap checks but DuckDB cannot read it: find it, name it, skip it
      List<StoredFile> good = new ArrayList<>();
      for (StoredFile f : files) {
        try (Statement s = c.createStatement()) {
          s.execute("DROP TABLE IF EXISTS sel");
          s.execute("DROP TABLE IF EXISTS d");
          countOnce(c, List.of(f), q, false);
          good.add(f);
        } catch (SQLException bad) {
          errors.add(
              f.path() + ": corrupt partition file (" + firstLine(bad.getMessage()) + "), skipped");
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS sel");
        s.execute("DROP TABLE IF EXISTS d");
      }
      return good.isEmpty() ? Counts.NONE : countOnce(c, good, q, withSubjects);
    }
  }

  private Counts countOnce(Connection c, List<StoredFile> files, ScopeQuery q, boolean withSubjects)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "CREATE TEMP TABLE sel AS SELECT ts, list_distinct(subject_ids) AS s, categories AS c"
                + " FROM ");
    sql.append(source(files)).append(" WHERE ").append(selector(q));
    if (q.from() != null) {
      sql.append(" AND ts >= CAST(? AS TIMESTAMPTZ)");
    }
    if (q.to() != null) {
      sql.append(" AND ts < CAST(? AS TIMESTAMPTZ)");
    }
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      int i = bind(p, q);
      if (q.from() != null) {
        p.setString(i++, q.from().toString());
      }
      if (q.to() != null) {
        p.setString(i, q.to().toString());
      }
      p.execute();
    }
    try (Statement s = c.createStatement()) {
      long requests = single(s, "SELECT count(*) FROM sel");
      s.execute("CREATE TEMP TABLE d AS SELECT ts, unnest(s) AS sid, c FROM sel WHERE len(s) > 0");
      long subjects;
      Long first = null;
      Long last = null;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(DISTINCT sid), epoch_us(min(ts)), epoch_us(max(ts)) FROM d")) {
        rs.next();
        subjects = rs.getLong(1);
        if (subjects > 0) {
          first = rs.getLong(2);
          last = rs.getLong(3);
        }
      }
      TreeMap<String, Long> categories = new TreeMap<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT cat, count(DISTINCT sid) FROM (SELECT sid, unnest(c) AS cat FROM d)"
                  + " GROUP BY cat")) {
        while (rs.next()) {
          categories.put(rs.getString(1), rs.getLong(2));
        }
      }
      TreeMap<String, Long> byDay = new TreeMap<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT strftime(ts, '%Y-%m-%d'), count(DISTINCT sid) FROM d GROUP BY 1")) {
        while (rs.next()) {
          byDay.put(rs.getString(1), rs.getLong(2));
        }
      }
      List<SubjectRow> rows = new ArrayList<>();
      if (withSubjects) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT sid, list_sort(list_distinct(flatten(list(c)))), epoch_us(min(ts)),"
                    + " epoch_us(max(ts)), count(*) FROM d GROUP BY sid ORDER BY sid")) {
          while (rs.next()) {
            Array a = rs.getArray(2);
            List<String> cats = new ArrayList<>();
            for (Object o : (Object[]) a.getArray()) {
              cats.add((String) o);
            }
            rows.add(
                new SubjectRow(
                    rs.getString(1),
                    cats,
                    ScopeResult.instant(rs.getLong(3)),
                    ScopeResult.instant(rs.getLong(4)),
                    rs.getLong(5)));
          }
        }
      }
      s.execute("DROP TABLE sel");
      s.execute("DROP TABLE d");
      return new Counts(subjects, categories, first, last, requests, byDay, rows);
    }
  }

  /** Whether any event of the store, at any time, carries the selector's value. */
  private boolean seenAnywhere(Connection c, ScopeQuery q, List<String> errors)
      throws SQLException {
    List<StoredFile> all = readable(state.files(), new ArrayList<>());
    if (all.isEmpty()) {
      return false;
    }
    String sql = "SELECT 1 FROM " + source(all) + " WHERE " + selector(q) + " LIMIT 1";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, q);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      errors.add("could not check the whole store for the selector: " + firstLine(e.getMessage()));
      return false;
    }
  }

  private String source(List<StoredFile> files) {
    StringBuilder b = new StringBuilder("read_parquet([");
    for (int i = 0; i < files.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('\'').append(Duck.quote(dir.resolve(files.get(i).path()).toString())).append('\'');
    }
    return b.append("], hive_partitioning = false)").toString();
  }

  private static String selector(ScopeQuery q) {
    String column =
        switch (q.selector()) {
          case KID -> "kid";
          case PRINCIPAL -> "user_id";
          case SOURCE_IP -> "source_ip";
        };
    return column + " IN (" + "?,".repeat(q.values().size() - 1) + "?)";
  }

  private static int bind(PreparedStatement p, ScopeQuery q) throws SQLException {
    int i = 1;
    for (String v : q.values()) {
      p.setString(i++, v);
    }
    return i;
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long micros(java.time.Instant t) {
    return ChronoUnit.MICROS.between(java.time.Instant.EPOCH, t);
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.split("\n", 2)[0];
  }
}
