package dev.haechi.app.kafka;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.breach.IngestedEvents;
import dev.haechi.app.detection.AlertMessage;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.detection.IngestListener;
import dev.haechi.detection.engine.Alert;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A Kafka batch through the same path as {@code POST /api/v1/events} (the server's detection
 * engine, identity context, alert store and deduplication; the actor in the audit trail is {@code
 * kafka}), ingested once however often it is delivered:
 *
 * <ol>
 *   <li>records at or past the group's evaluated position ({@link KafkaPositions}) are evaluated;
 *       their alerts are stored, their lines journaled, the alerts to publish put in the outbox and
 *       the evaluated position moved, all in one database transaction. Records before it were
 *       evaluated by an earlier delivery and are skipped: no occurrence is counted twice.
 *   <li>the records' events go to the access-event store, except those the store holds already:
 *       before the stored position, or — between the stored and the evaluated position, where a
 *       crash came between the store's commit and the position's — named by a batch record of the
 *       store ({@code kafka:GROUP:TOPIC:PARTITION:FIRST-LAST}, the group URL-encoded); then the
 *       stored position moves.
 * </ol>
 */
@Component
public class KafkaDetectionIngest implements KafkaBatchIngest {
  static final String ACTOR = "kafka";
  static final String LABEL = "kafka:";

  private final DetectionService detection;
  private final IngestedEvents stored;
  private final KafkaPositions positions;
  private final PublishedAlerts published;
  private final KafkaIngest.Checkpoint checkpoint;

  public KafkaDetectionIngest(
      DetectionService detection,
      IngestedEvents stored,
      KafkaPositions positions,
      PublishedAlerts published,
      org.springframework.beans.factory.ObjectProvider<KafkaIngest.Checkpoint> checkpoint) {
    this.detection = detection;
    this.stored = stored;
    this.positions = positions;
    this.published = published;
    this.checkpoint = checkpoint.getIfAvailable(() -> KafkaIngest.Checkpoint.NONE);
  }

  @Override
  public Outcome ingest(String group, List<Line> lines) throws Exception {
    Map<KafkaPositions.Partition, KafkaPositions.Position> at = positions.read(group);
    Map<KafkaPositions.Partition, Long> next = new LinkedHashMap<>();
    Map<Integer, String> rejected = new TreeMap<>();
    List<Integer> fresh = new ArrayList<>();
    long skipped = 0;
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      KafkaPositions.Partition p = partition(l);
      next.merge(p, l.offset() + 1, Math::max);
      if (l.offset() < position(at, p).evaluated()) {
        skipped++;
        String why = detection.rejection(l.text());
        if (why != null) {
          rejected.put(i, why);
        }
      } else {
        fresh.add(i);
      }
    }

    // 1: evaluate, store the alerts, journal, outbox and position: one transaction
    if (!fresh.isEmpty()) {
      List<String> texts = fresh.stream().map(i -> lines.get(i).text()).toList();
      List<StoredAlert> alerts = new ArrayList<>();
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
            public void rejected(long line, String reason) {
              rejected.put(fresh.get((int) line - 1), reason);
            }
          };
      try {
        detection.ingestInTransaction(
            ACTOR,
            "kafka",
            texts,
            listener,
            () -> {
              published.enqueue(group, alerts);
              positions.evaluated(group, next);
            });
      } catch (DetectionService.EngineBusyException e) {
        throw new Busy(e.getMessage());
      }
    }
    checkpoint.reached(KafkaIngest.Stage.EVALUATED, lines.size());

    // 2: the access-event store, each event once
    if (stored.enabled()) {
      storeEvents(group, lines, rejected, at);
    }
    positions.stored(group, next);
    return new Outcome(rejected, fresh.size(), skipped);
  }

  private void storeEvents(
      String group,
      List<Line> lines,
      Map<Integer, String> rejected,
      Map<KafkaPositions.Partition, KafkaPositions.Position> at)
      throws java.io.IOException {
    Map<KafkaPositions.Partition, List<long[]>> ranges = null;
    StringBuilder body = new StringBuilder();
    Map<KafkaPositions.Partition, long[]> span = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      KafkaPositions.Partition p = partition(l);
      span.merge(
          p,
          new long[] {l.offset(), l.offset()},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
      if (rejected.containsKey(i)) {
        continue;
      }
      KafkaPositions.Position pos = position(at, p);
      if (l.offset() < pos.stored()) {
        continue; // in the store already
      }
      if (l.offset() < pos.evaluated()) {
        // evaluated by an earlier delivery that may have stored its events: ask the store
        if (ranges == null) {
          ranges = storedRanges(group);
        }
        if (covers(ranges.get(p), l.offset())) {
          continue;
        }
      }
      body.append(l.text()).append('\n');
    }
    if (body.isEmpty()) {
      return;
    }
    List<String> labels = new ArrayList<>();
    span.forEach(
        (p, r) ->
            labels.add(
                LABEL
                    + URLEncoder.encode(group, StandardCharsets.UTF_8)
                    + ":"
                    + p.topic()
                    + ":"
                    + p.partition()
                    + ":"
                    + r[0]
                    + "-"
                    + r[1]));
    IngestedEvents.Batch batch = stored.prepare(body.toString(), "kafka");
    stored.commit(batch, labels);
  }

  /** The offset ranges of each partition the store's batches name for this group. */
  private Map<KafkaPositions.Partition, List<long[]>> storedRanges(String group) {
    Map<KafkaPositions.Partition, List<long[]>> out = new HashMap<>();
    for (List<String> sources : stored.storedSources()) {
      for (String s : sources) {
        if (!s.startsWith(LABEL)) {
          continue;
        }
        String[] f = s.substring(LABEL.length()).split(":");
        if (f.length != 4 || !URLDecoder.decode(f[0], StandardCharsets.UTF_8).equals(group)) {
          continue;
        }
        String[] r = f[3].split("-");
        try {
          out.computeIfAbsent(
                  new KafkaPositions.Partition(f[1], Integer.parseInt(f[2])),
                  k -> new ArrayList<>())
              .add(new long[] {Long.parseLong(r[0]), Long.parseLong(r[1])});
        } catch (RuntimeException notOurs) {
          // a source that only looks like a Kafka label
        }
      }
    }
    return out;
  }

  private static boolean covers(List<long[]> ranges, long offset) {
    if (ranges == null) {
      return false;
    }
    for (long[] r : ranges) {
      if (r[0] <= offset && offset <= r[1]) {
        return true;
      }
    }
    return false;
  }

  private static KafkaPositions.Partition partition(Line l) {
    return new KafkaPositions.Partition(l.topic(), l.partition());
  }

  private static KafkaPositions.Position position(
      Map<KafkaPositions.Partition, KafkaPositions.Position> at, KafkaPositions.Partition p) {
    return at.getOrDefault(p, KafkaPositions.Position.NONE);
  }
}
