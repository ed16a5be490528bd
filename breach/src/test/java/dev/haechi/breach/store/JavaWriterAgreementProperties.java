package dev.haechi.breach.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.event.EventColumns;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeQuery.Selector;
import dev.haechi.breach.scope.ScopeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The store's own Parquet writer ({@link ParquetFileWriter}, the import's default) stores exactly
 * the rows of the reference (DuckDB's writer fed by the JDBC appender), dictionary-encoded or
 * PLAIN, gives the same scoping answers, the same column types, and row-group statistics DuckDB
 * prunes by: on random events with nulls, empty lists, empty and odd strings (tabs, quotes, U+001F,
 * NUL, emoji, Korean), keys that sort differently in UTF-16 and UTF-8, several days and chunk
 * boundaries.
 */
class JavaWriterAgreementProperties {
  static final long DAY_US = 86_400_000_000L;
  static final long START_US = Instant.parse("2025-06-20T00:00:00Z").toEpochMilli() * 1000;
  static final String[] ODD = {
    "", "\\N", "a\tb\r\nc", "\u001f,\"\"", "\u0000x", "\ud83d\ude00 개인정보", "q\"u'o\\te", "v"
  };
  static final String[] KIDS = {"k1", "k2", "\uffff-bmp", "\ud83d\ude00-astral", "auth-2022-01"};

  static String str(Random r) {
    int k = r.nextInt(12);
    if (k == 0) {
      return null;
    }
    if (k < 4) {
      return ODD[r.nextInt(ODD.length)];
    }
    return "s" + r.nextInt(40);
  }

  static Long num(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> null;
      case 1 -> Long.MIN_VALUE + r.nextInt(3);
      default -> (long) r.nextInt(600) - 100;
    };
  }

  static List<String> list(Random r) {
    List<String> xs = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String s = str(r);
      xs.add(s == null ? "" : s);
    }
    return xs;
  }

  static List<AccessEvent> events(Random r, int n, int days) {
    List<AccessEvent> out = new ArrayList<>();
    long t = START_US;
    for (int i = 0; i < n; i++) {
      long us =
          r.nextInt(5) == 0
              ? START_US + (long) (r.nextDouble() * days * DAY_US) // out of order
              : (t += (long) (r.nextDouble() * days * DAY_US / Math.max(1, n)));
      if (r.nextInt(15) == 0) {
        us = START_US + r.nextInt(days) * DAY_US; // exactly on midnight
      }
      if (r.nextInt(40) == 0) {
        us = START_US - 1 - r.nextInt(1000); // the day before, by microseconds
      }
      out.add(
          new AccessEvent(
              us,
              str(r),
              str(r),
              str(r),
              str(r),
              str(r),
              str(r),
              str(r),
              str(r),
              num(r),
              r.nextInt(6) == 0 ? null : KIDS[r.nextInt(KIDS.length)],
              str(r),
              str(r),
              num(r),
              num(r),
              list(r),
              list(r)));
    }
    return out;
  }

  @Property(tries = 8)
  void the_java_writer_stores_and_scopes_what_the_reference_writer_does(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int n) throws Exception {
    Random r = new Random(seed);
    List<AccessEvent> events = events(r, n, 1 + r.nextInt(6));
    Path dir = Files.createTempDirectory("java-writer-agree");
    try {
      EventStore java = EventStore.open(dir.resolve("java"));
      EventStore ref = EventStore.open(dir.resolve("ref"));
      int chunk = 1 + r.nextInt(Math.max(1, n));
      EventColumns.Dictionaries dicts =
          r.nextBoolean()
              ? new EventColumns.Dictionaries()
              : new EventColumns.Dictionaries(r.nextInt(4), 1 << 20);
      EventStore.ImportResult a =
          java.importEvents(events, "t", ParquetBatch.Staging.JAVA, chunk, dicts);
      EventStore.ImportResult b =
          ref.importEvents(events, "t", ParquetBatch.Staging.APPENDER, Integer.MAX_VALUE);
      assertThat(a.stored()).isEqualTo(b.stored()).isEqualTo(n);
      assertThat(ImportPathsAgreementProperties.rows(java.dir()))
          .isEqualTo(ImportPathsAgreementProperties.rows(ref.dir()));
      assertThat(java.state().days()).isEqualTo(ref.state().days());
      assertThat(StoreVerifier.verify(java.dir()).intact()).isTrue();
      for (int q = 0; q < 6; q++) {
        Selector sel = Selector.values()[r.nextInt(3)];
        String value =
            switch (sel) {
              case KID -> KIDS[r.nextInt(KIDS.length)];
              default -> r.nextBoolean() ? "s" + r.nextInt(40) : ODD[1 + r.nextInt(ODD.length - 1)];
            };
        Instant from =
            r.nextBoolean()
                ? null
                : Instant.EPOCH.plusNanos(1000 * (START_US + r.nextInt(3) * DAY_US));
        Instant to =
            from == null || r.nextBoolean() ? null : from.plusSeconds(86_400 + r.nextInt(200_000));
        ScopeQuery sq = ScopeQuery.of(sel, List.of(value), from, to);
        ScopeResult x = java.scope(sq, true);
        ScopeResult y = ref.scope(sq, true);
        assertThat(x.subjects()).as(sq.toString()).isEqualTo(y.subjects());
        assertThat(x.categories()).isEqualTo(y.categories());
        assertThat(x.requests()).isEqualTo(y.requests());
        assertThat(x.firstAccess()).isEqualTo(y.firstAccess());
        assertThat(x.lastAccess()).isEqualTo(y.lastAccess());
        assertThat(x.byDay()).isEqualTo(y.byDay());
        assertThat(x.subjectRows()).isEqualTo(y.subjectRows());
        assertThat(x.selectorSeen()).isEqualTo(y.selectorSeen());
        assertThat(x.errors()).isEmpty();
      }
    } finally {
      delete(dir);
    }
  }

  @Test
  void same_column_types_and_row_group_statistics_across_several_row_groups() throws Exception {
    Random r = new Random(13);
    // one day, more rows than a row group, two keys: the second key's rows sit in later groups
    List<AccessEvent> events = new ArrayList<>();
    int n = 2 * ParquetFileWriter.ROW_GROUP_ROWS;
    for (int i = 0; i < n; i++) {
      events.add(
          new AccessEvent(
              START_US + i * 100L,
              "address.list",
              "success",
              "gateway",
              Integer.toString(1000 + r.nextInt(5000)),
              "203.0.113." + r.nextInt(256),
              "KR",
              "GET",
              "/api/v1/members/x/addresses",
              200L,
              i % 7 == 0 ? "auth-2022-01" : "auth-2025-01",
              i % 11 == 0 ? null : "sub-" + i, // too many values for a dictionary: PLAIN
              null,
              null,
              null,
              List.of(Integer.toString(r.nextInt(5000))),
              List.of("name", "phone")));
    }
    Path dir = Files.createTempDirectory("java-writer-groups");
    try {
      EventStore java = EventStore.open(dir.resolve("java"));
      EventStore ref = EventStore.open(dir.resolve("ref"));
      java.importEvents(events, "t", ParquetBatch.Staging.JAVA, Integer.MAX_VALUE);
      ref.importEvents(events, "t", ParquetBatch.Staging.APPENDER, Integer.MAX_VALUE);
      Path jf = java.dir().resolve(java.state().files().get(0).path());
      Path rf = ref.dir().resolve(ref.state().files().get(0).path());
      try (Connection c = Duck.open(null);
          Statement s = c.createStatement()) {
        assertThat(types(s, jf)).isEqualTo(types(s, rf));
        try (ResultSet rs =
            s.executeQuery(
                "SELECT row_group_id, stats_min_value, stats_max_value FROM parquet_metadata('"
                    + jf
                    + "') WHERE path_in_schema = 'kid' ORDER BY row_group_id")) {
          List<String> kid = new ArrayList<>();
          while (rs.next()) {
            kid.add(rs.getString(2) + ".." + rs.getString(3));
          }
          // sorted by key, and a row group ends where the key changes: the leaked key's rows
          // sit in a group of their own, so DuckDB skips every other group for it (they used to
          // share the first group with 100,000 ordinary requests, which DuckDB then had to read)
          assertThat(kid)
              .containsExactly(
                  "auth-2022-01..auth-2022-01",
                  "auth-2025-01..auth-2025-01",
                  "auth-2025-01..auth-2025-01");
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT path_in_schema, encodings FROM parquet_metadata('"
                    + jf
                    + "') WHERE row_group_id = 0 AND path_in_schema IN ('kid', 'sub')"
                    + " ORDER BY 1")) {
          rs.next();
          assertThat(rs.getString(2)).as("kid").contains("RLE_DICTIONARY");
          rs.next();
          assertThat(rs.getString(2)).as("sub").doesNotContain("DICTIONARY");
        }
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(*), count(DISTINCT s) FROM read_parquet('"
                    + jf
                    + "'), unnest(subject_ids) AS t(s) WHERE kid = 'auth-2022-01'")) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo((n + 6) / 7);
        }
      }
      assertThat(ImportPathsAgreementProperties.rows(java.dir()))
          .isEqualTo(ImportPathsAgreementProperties.rows(ref.dir()));
      ScopeQuery q = ScopeQuery.of(Selector.KID, List.of("auth-2022-01"), null, null);
      assertThat(java.scope(q, true).subjectRows()).isEqualTo(ref.scope(q, true).subjectRows());
    } finally {
      delete(dir);
    }
  }

  static List<String> types(Statement s, Path f) throws Exception {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + f + "')")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return out;
  }

  static void delete(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
