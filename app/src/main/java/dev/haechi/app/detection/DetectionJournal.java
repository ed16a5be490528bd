package dev.haechi.app.detection;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The events the server's engine evaluated lately, in the order it evaluated them ({@code
 * detection_journal}): written with each ingested batch (in the Kafka batch's transaction), kept
 * for the restore span, and replayed into a freshly compiled engine at server start, so that a
 * correlation window open when the server stopped goes on after the restart. The alerts of the
 * replay are not stored again: they were stored when the events first came.
 *
 * <p>Pruned by the time an event was ingested, not its event time: a stream that is ingested far
 * behind its event time (a backfill) keeps less than a window's worth of events across a restart.
 */
final class DetectionJournal {
  private static final int CHUNK = 500;

  private final JdbcTemplate jdbc;

  DetectionJournal(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Appends the lines of one batch, in order, and drops what is older than {@code span}. */
  void append(List<String> lines, Duration span) {
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    for (int i = 0; i < lines.size(); i += CHUNK) {
      List<Object[]> rows = new ArrayList<>();
      for (String l : lines.subList(i, Math.min(lines.size(), i + CHUNK))) {
        rows.add(new Object[] {now, l});
      }
      jdbc.batchUpdate("INSERT INTO detection_journal (ingested_at, line) VALUES (?, ?)", rows);
    }
    jdbc.update("DELETE FROM detection_journal WHERE ingested_at < ?", now.minus(span));
  }

  /** Every line kept, oldest first (rows newer than the restore span only). */
  long replay(Duration span, Consumer<String> line) {
    OffsetDateTime from = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).minus(span);
    long[] n = {0};
    jdbc.query(
        con -> {
          var ps =
              con.prepareStatement(
                  "SELECT line FROM detection_journal WHERE ingested_at >= ? ORDER BY id");
          ps.setObject(1, from);
          ps.setFetchSize(1000);
          return ps;
        },
        (java.sql.ResultSet rs) -> {
          line.accept(rs.getString(1));
          n[0]++;
        });
    return n[0];
  }
}
