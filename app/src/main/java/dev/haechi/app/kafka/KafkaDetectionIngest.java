package dev.haechi.app.kafka;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.breach.IngestedEvents;
import dev.haechi.app.detection.AlertMessage;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.detection.IngestListener;
import dev.haechi.detection.engine.Alert;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A Kafka batch through the same path as {@code POST /api/v1/events}: the access-event store
 * commits it (when on) and the server's detection engine evaluates it, with the same identity
 * context, alert store and deduplication; the actor in the audit trail is {@code kafka}.
 */
@Component
public class KafkaDetectionIngest implements KafkaBatchIngest {
  static final String ACTOR = "kafka";

  private final DetectionService detection;
  private final IngestedEvents stored;
  private final KafkaIngest.Checkpoint checkpoint;

  public KafkaDetectionIngest(
      DetectionService detection,
      IngestedEvents stored,
      org.springframework.beans.factory.ObjectProvider<KafkaIngest.Checkpoint> checkpoint) {
    this.detection = detection;
    this.stored = stored;
    this.checkpoint = checkpoint.getIfAvailable(() -> KafkaIngest.Checkpoint.NONE);
  }

  @Override
  public Outcome ingest(List<String> lines, String source) throws Exception {
    String body = String.join("\n", lines) + "\n";
    IngestedEvents.Batch batch = stored.prepare(body, source);
    Map<Integer, String> rejected = new LinkedHashMap<>();
    List<StoredAlert> alerts = new ArrayList<>();
    long[] notStored = {0};
    IngestListener listener =
        new IngestListener() {
          @Override
          public void stored(Alert alert, String dedupKey, AlertStore.Raised raised) {
            alerts.add(
                new StoredAlert(
                    AlertMessage.alertKey(dedupKey), AlertMessage.json(alert, dedupKey)));
            checkpoint.reached(KafkaIngest.Stage.ALERT_STORED, lines.size());
          }

          @Override
          public void notStored(Alert alert, RuntimeException failure) {
            notStored[0]++;
          }

          @Override
          public void rejected(long line, String reason) {
            rejected.put((int) line - 1, reason);
          }
        };
    try (BufferedReader in = new BufferedReader(new StringReader(body))) {
      detection.ingest(ACTOR, source, in, () -> stored.commit(batch, ACTOR), listener);
    } catch (DetectionService.EngineBusyException e) {
      throw new Busy(e.getMessage());
    }
    return new Outcome(rejected, alerts, notStored[0]);
  }
}
