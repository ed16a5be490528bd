package dev.haechi.app.kafka;

import java.util.List;
import java.util.Map;

/**
 * Evaluates and stores one batch of events (one line per record, in record order) and says what
 * came of it: the server's implementation is the same path as {@code POST /api/v1/events}.
 */
@FunctionalInterface
public interface KafkaBatchIngest {

  /**
   * @param lines the events, one JSON object per line, no line breaks inside
   * @param source a name for the batch in messages (the topics it came from)
   */
  Outcome ingest(List<String> lines, String source) throws Exception;

  /**
   * @param rejected line index (0-based, into the batch's lines) → why it was not evaluated
   * @param alerts the alerts stored for the batch (new ones and repeats), in the order raised
   * @param notStored how many alerts could not be stored: the batch must not be committed
   */
  record Outcome(Map<Integer, String> rejected, List<StoredAlert> alerts, long notStored) {}

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
