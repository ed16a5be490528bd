package dev.haechi.app.kafka;

import java.util.List;
import java.util.Map;

/**
 * Evaluates and stores one batch of records (one event line per record, in record order, each
 * partition in offset order) exactly once however often the batch is delivered: the server's
 * implementation is the path of {@code POST /api/v1/events}, with the consumed offsets recorded in
 * the same transaction as the alerts, so a record whose alerts are stored is never evaluated again.
 */
@FunctionalInterface
public interface KafkaBatchIngest {

  /** One record's event: where it came from and its line (no line breaks inside). */
  record Line(String topic, int partition, long offset, String text) {}

  /**
   * @param group the consumer group (offsets are recorded per group and partition)
   * @param lines the events, one JSON object per line
   */
  Outcome ingest(String group, List<Line> lines) throws Exception;

  /**
   * @param rejected line index (0-based, into the batch's lines) → why it is not an event
   * @param evaluated lines evaluated now
   * @param skipped lines not evaluated again: their alerts and events were stored before (a batch
   *     read again after a crash)
   */
  record Outcome(Map<Integer, String> rejected, long evaluated, long skipped) {}

  /**
   * An alert as stored.
   *
   * @param alertKey the deterministic alert key (the Kafka message key)
   * @param json the alert message (FORMATS.md, the alerts topic)
   */
  record StoredAlert(String alertKey, String json) {}

  /** The engine could not take the batch now (nothing was evaluated or stored): retry later. */
  final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Busy(String message) {
      super(message);
    }
  }
}
