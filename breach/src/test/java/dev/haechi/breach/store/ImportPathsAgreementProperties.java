package dev.haechi.breach.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.breach.event.EventColumns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@code events import}'s fast path (byte parser into columns on several threads, the store's own
 * Parquet writer; with default or tiny dictionaries) stores exactly the rows, days and bad lines of
 * the reference path (JSON trees, JDBC appender, DuckDB's writer), on random files of good, odd and
 * bad lines.
 */
class ImportPathsAgreementProperties {

  @Property(tries = 6)
  void the_fast_import_stores_what_the_reference_import_stores(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    Path dir = Files.createTempDirectory("import-agree");
    try {
      Path file = dir.resolve("events.jsonl");
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(6000);
      for (int i = 0; i < n; i++) {
        b.append(dev.haechi.breach.event.FastParserAgreementPropertiesAccess.line(r)).append('\n');
      }
      Files.writeString(file, b);
      EventStore fast = EventStore.open(dir.resolve("fast"));
      EventStore ref = EventStore.open(dir.resolve("ref"));
      // tiny dictionaries in some tries: repeated values then also travel with their rows
      EventColumns.Dictionaries dicts =
          r.nextBoolean()
              ? new EventColumns.Dictionaries()
              : new EventColumns.Dictionaries(r.nextInt(3), 1 << 20);
      EventStore.ImportResult f = fast.importFiles(List.of(file), false, dicts, read -> {});
      EventStore.ImportResult rr = ref.importFiles(List.of(file), true);
      assertThat(f.stored()).isEqualTo(rr.stored());
      assertThat(f.badLines()).isEqualTo(rr.badLines());
      assertThat(rows(fast.dir())).isEqualTo(rows(ref.dir()));
      assertThat(fast.state().days()).isEqualTo(ref.state().days());
      assertThat(StoreVerifier.verify(fast.dir()).intact()).isTrue();
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  static List<String> rows(Path store) throws SQLException, IOException {
    List<String> out = new ArrayList<>();
    boolean any;
    try (Stream<Path> s = Files.walk(store)) {
      any = s.anyMatch(p -> p.toString().endsWith(".parquet"));
    }
    if (!any) {
      return out;
    }
    try (Connection c = Duck.open(null);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT * FROM read_parquet('"
                    + Duck.quote(store.toString())
                    + "/day=*/*.parquet', hive_partitioning = true) ORDER BY ALL")) {
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= cols; i++) {
          row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i));
          row.append('|');
        }
        out.add(row.toString());
      }
    }
    return out;
  }
}
