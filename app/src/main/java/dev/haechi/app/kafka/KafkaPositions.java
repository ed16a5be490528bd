package dev.haechi.app.kafka;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per consumer group and partition, how far the server's stores hold the records ({@code
 * kafka_ingest_position}): {@code evaluated} is the next offset not yet evaluated (written in the
 * transaction that stores the alerts), {@code stored} the next offset not yet known to be in the
 * access-event store. Kafka's own committed offset may lag both (a crash before the commit): the
 * records in between are read again and not ingested twice.
 */
@Component
public class KafkaPositions {
  /** A partition of a topic. */
  public record Partition(String topic, int partition) {}

  /** The two next offsets; -1 when nothing of the partition was ingested yet. */
  public record Position(long evaluated, long stored) {
    static final Position NONE = new Position(-1, -1);
  }

  private final JdbcTemplate jdbc;

  public KafkaPositions(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The group's positions; partitions it never ingested are absent. */
  public Map<Partition, Position> read(String group) {
    Map<Partition, Position> out = new HashMap<>();
    jdbc.query(
        "SELECT topic, partition_no, evaluated_offset, stored_offset FROM kafka_ingest_position"
            + " WHERE group_id = ?",
        rs -> {
          out.put(
              new Partition(rs.getString(1), rs.getInt(2)),
              new Position(rs.getLong(3), rs.getLong(4)));
        },
        group);
    return out;
  }

  /** Moves the evaluated position forward (never back), in the caller's transaction. */
  public void evaluated(String group, Map<Partition, Long> next) {
    next.forEach(
        (p, offset) -> {
          int n =
              jdbc.update(
                  "UPDATE kafka_ingest_position SET evaluated_offset = ? WHERE group_id = ? AND"
                      + " topic = ? AND partition_no = ? AND evaluated_offset < ?",
                  offset,
                  group,
                  p.topic(),
                  p.partition(),
                  offset);
          if (n == 0 && !exists(group, p)) {
            jdbc.update(
                "INSERT INTO kafka_ingest_position (group_id, topic, partition_no,"
                    + " evaluated_offset, stored_offset) VALUES (?, ?, ?, ?, -1)",
                group,
                p.topic(),
                p.partition(),
                offset);
          }
        });
  }

  /** Moves the stored position forward (never back). */
  public void stored(String group, Map<Partition, Long> next) {
    next.forEach(
        (p, offset) ->
            jdbc.update(
                "UPDATE kafka_ingest_position SET stored_offset = ? WHERE group_id = ? AND"
                    + " topic = ? AND partition_no = ? AND stored_offset < ?",
                offset,
                group,
                p.topic(),
                p.partition(),
                offset));
  }

  private boolean exists(String group, Partition p) {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM kafka_ingest_position WHERE group_id = ? AND topic = ? AND"
                + " partition_no = ?",
            Long.class,
            group,
            p.topic(),
            p.partition());
    return n != null && n > 0;
  }
}
