package dev.haechi.app.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's Kafka ingest: a consumer-group member that reads events from the event topics,
 * evaluates and stores them through {@link KafkaBatchIngest} (the path of {@code POST
 * /api/v1/events}), publishes each new alert once to the alerts topic, sends records that are not
 * events to the dead-letter topic, and only then commits the batch's offsets: at-least-once
 * delivery, ingested once. A batch redelivered after a crash is not evaluated or stored again where
 * the stores already hold it ({@link KafkaDetectionIngest} records the offsets in the alerts'
 * transaction); its alerts wait in an outbox written in that transaction ({@link PublishedAlerts})
 * and are published once. Dead letters are at-least-once: a record redelivered after they were sent
 * is sent again, with the same source offset.
 *
 * <p>One batch (one {@code poll}) at a time, evaluated in the order the records came, each
 * partition in offset order:
 *
 * <ol>
 *   <li>records that are not UTF-8, empty, or not one JSON value are set aside for the dead-letter
 *       topic; the rest are evaluated and stored (engine busy: nothing was evaluated, the batch is
 *       retried after {@code retryBackoff});
 *   <li>lines the engine refuses go to the dead-letter topic with its reason; when an alert could
 *       not be stored (database down) the batch's transaction is rolled back, the engine restored
 *       from its journal, and the batch ingested again after the backoff;
 *   <li>the group's outbox of alerts not yet published and the dead letters are sent and
 *       acknowledged (acks=all, idempotent producer), the alerts are marked published;
 *   <li>the offsets are committed. Should that fail because the group rebalanced, the batch is left
 *       to the partitions' new owner, which reads it again.
 * </ol>
 *
 * Plain Java: the Spring side ({@link KafkaIngestService}) only builds and starts it.
 */
public final class KafkaIngest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaIngest.class);

  /** Dead-letter headers: why, and where the record came from. */
  public static final String H_REASON = "haechi.error.reason";

  public static final String H_TOPIC = "haechi.source.topic";
  public static final String H_PARTITION = "haechi.source.partition";
  public static final String H_OFFSET = "haechi.source.offset";
  public static final String H_TIMESTAMP = "haechi.source.timestamp";

  /** Points in a batch where tests inject a crash. */
  public enum Stage {
    /** One alert of the batch is stored (its transaction is open); still being evaluated. */
    ALERT_STORED,
    /** Alerts and offsets are committed; the events are not in the access-event store yet. */
    EVALUATED,
    /** Alerts and events are stored; nothing is published or committed yet. */
    STORED,
    /** Alerts and dead letters are published and marked; the offsets are not committed yet. */
    PUBLISHED
  }

  /** Called at each {@link Stage} of every batch (tests only; a thrown Error stops the loop). */
  @FunctionalInterface
  public interface Checkpoint {
    Checkpoint NONE = (stage, records) -> {};

    void reached(Stage stage, int records);
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KafkaIngestSettings settings;
  private final KafkaBatchIngest ingest;
  private final PublishedAlerts published;
  private final Checkpoint checkpoint;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile Consumer<byte[], byte[]> consumer;
  private volatile Throwable died;

  private final AtomicLong records = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong alertsPublished = new AtomicLong();
  private final AtomicLong batchesCommitted = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  public KafkaIngest(
      KafkaIngestSettings settings,
      KafkaBatchIngest ingest,
      PublishedAlerts published,
      Checkpoint checkpoint) {
    this.settings = settings;
    this.ingest = ingest;
    this.published = published;
    this.checkpoint = checkpoint;
    this.thread = new Thread(this::run, "kafka-ingest-" + settings.groupId());
    this.thread.setDaemon(true);
  }

  /** Starts consuming on its own thread. */
  public KafkaIngest start() {
    thread.start();
    return this;
  }

  /** Records read, dead letters sent, alerts published, batches committed, batches retried. */
  public long[] counts() {
    return new long[] {
      records.get(), deadLetters.get(), alertsPublished.get(), batchesCommitted.get(), retries.get()
    };
  }

  /** Records read again whose events and alerts the stores held already (not ingested again). */
  public long skipped() {
    return skipped.get();
  }

  /** True while the loop runs. */
  public boolean running() {
    return thread.isAlive();
  }

  /** What stopped the loop other than {@link #close()}, if anything. */
  public Throwable died() {
    return died;
  }

  /** Stops after the batch in hand (uncommitted work is read again by the next owner). */
  @Override
  public void close() {
    stopping = true;
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Properties consumerProperties() {
    Properties p = new Properties();
    p.putAll(settings.client());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.maxPollRecords()));
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "haechi-ingest-" + settings.groupId());
    return p;
  }

  Properties producerProperties() {
    Properties p = new Properties();
    p.putAll(settings.client());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "haechi-alerts-" + settings.groupId());
    // consumer-only settings in the shared map would only be warned about
    p.remove(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
    p.remove(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
    return p;
  }

  private void run() {
    try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties());
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      consumer = c;
      c.subscribe(settings.topics());
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> polled;
        try {
          polled = c.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          break;
        }
        if (!polled.isEmpty()) {
          handle(c, producer, polled);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable e) { // NOPMD: anything that ends the loop is kept for died()
      died = e;
      if (!stopping) {
        LOG.error("kafka ingest stopped: {}", e.toString());
      }
    }
  }

  /** Processes one batch until it is committed, given up to a rebalance, or the loop stops. */
  private void handle(
      Consumer<byte[], byte[]> c,
      Producer<byte[], byte[]> producer,
      ConsumerRecords<byte[], byte[]> polled) {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
    polled.forEach(batch::add);
    records.addAndGet(batch.size());
    Map<TopicPartition, OffsetAndMetadata> commit = new LinkedHashMap<>();
    Map<TopicPartition, Long> first = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      first.putIfAbsent(tp, r.offset());
      commit.put(tp, new OffsetAndMetadata(r.offset() + 1));
    }

    // 1-2: evaluate and store, retried whole while the engine is busy or the store is down
    List<DeadLetter> dead = new ArrayList<>();
    KafkaBatchIngest.Outcome outcome = null;
    while (outcome == null) {
      if (stopping) {
        return;
      }
      dead.clear();
      List<KafkaBatchIngest.Line> lines = new ArrayList<>();
      List<ConsumerRecord<byte[], byte[]>> evaluated = new ArrayList<>();
      for (ConsumerRecord<byte[], byte[]> r : batch) {
        String problem = null;
        String line = null;
        if (r.value() == null || r.value().length == 0) {
          problem = "empty record: no event";
        } else {
          try {
            line = utf8(r.value());
            line = oneLine(line);
            if (line.isBlank()) {
              problem = "empty record: no event";
            }
          } catch (CharacterCodingException e) {
            problem = "not UTF-8 text";
          } catch (JacksonException e) {
            problem = "not a JSON object: " + e.getOriginalMessage();
          }
        }
        if (problem != null) {
          dead.add(new DeadLetter(r, problem));
        } else {
          lines.add(new KafkaBatchIngest.Line(r.topic(), r.partition(), r.offset(), line));
          evaluated.add(r);
        }
      }
      try {
        KafkaBatchIngest.Outcome o =
            lines.isEmpty()
                ? new KafkaBatchIngest.Outcome(Map.of(), 0, 0)
                : ingest.ingest(settings.groupId(), lines);
        skipped.addAndGet(o.skipped());
        o.rejected().forEach((i, reason) -> dead.add(new DeadLetter(evaluated.get(i), reason)));
        outcome = o;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          return;
        }
        retries.incrementAndGet();
        LOG.warn(
            "kafka ingest: a batch of {} records is read again after {}: {}",
            batch.size(),
            settings.retryBackoff(),
            e.getMessage());
        if (!pause()) {
          return;
        }
      }
    }
    checkpoint.reached(Stage.STORED, batch.size());

    // 3-4: publish, mark, commit; retried without evaluating again
    dead.sort(
        (a, b) ->
            a.record.topic().equals(b.record.topic())
                ? a.record.partition() != b.record.partition()
                    ? Integer.compare(a.record.partition(), b.record.partition())
                    : Long.compare(a.record.offset(), b.record.offset())
                : a.record.topic().compareTo(b.record.topic()));
    boolean delivered = false;
    while (!delivered) {
      if (stopping) {
        return;
      }
      try {
        publish(producer, dead);
        checkpoint.reached(Stage.PUBLISHED, batch.size());
        c.commitSync(commit);
        batchesCommitted.incrementAndGet();
        delivered = true;
      } catch (CommitFailedException e) {
        // the group rebalanced meanwhile: the new owner reads the batch again
        LOG.warn("kafka ingest: batch not committed, the group rebalanced: {}", e.getMessage());
        return;
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        retries.incrementAndGet();
        LOG.warn(
            "kafka ingest: publishing or committing a batch failed, retrying after {}: {}",
            settings.retryBackoff(),
            e.toString());
        if (!pause()) {
          return;
        }
      }
    }
  }

  private void publish(Producer<byte[], byte[]> producer, List<DeadLetter> dead) {
    // the group's outbox: this batch's new alerts and any an earlier delivery left unpublished
    List<KafkaBatchIngest.StoredAlert> pending = published.pending(settings.groupId());
    Set<String> todo = new LinkedHashSet<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (KafkaBatchIngest.StoredAlert a : pending) {
      if (todo.add(a.alertKey())) {
        sent.add(
            producer.send(
                new ProducerRecord<>(
                    settings.alertsTopic(),
                    a.alertKey().getBytes(StandardCharsets.UTF_8),
                    a.json().getBytes(StandardCharsets.UTF_8))));
      }
    }
    for (DeadLetter d : dead) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(H_REASON, d.reason.getBytes(StandardCharsets.UTF_8));
      headers.add(H_TOPIC, d.record.topic().getBytes(StandardCharsets.UTF_8));
      headers.add(H_PARTITION, bytes(String.valueOf(d.record.partition())));
      headers.add(H_OFFSET, bytes(String.valueOf(d.record.offset())));
      headers.add(H_TIMESTAMP, bytes(Instant.ofEpochMilli(d.record.timestamp()).toString()));
      d.record.headers().forEach(h -> headers.add(h.key(), h.value()));
      sent.add(
          producer.send(
              new ProducerRecord<>(
                  settings.deadLetterTopic(), null, d.record.key(), d.record.value(), headers)));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while publishing", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("the broker did not take a record: " + e.getCause(), e);
      }
    }
    if (!todo.isEmpty()) {
      published.markPublished(settings.groupId(), new TreeSet<>(todo));
    }
    alertsPublished.addAndGet(todo.size());
    deadLetters.addAndGet(dead.size());
  }

  private boolean pause() {
    try {
      Thread.sleep(settings.retryBackoff().toMillis());
      return !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] value) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(value))
        .toString();
  }

  /**
   * The record as one line: a value with line breaks inside (pretty-printed JSON) is parsed and
   * written compactly, so that one record stays one event; any other value is left to the engine.
   */
  static String oneLine(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    if (value.isBlank()) {
      return "";
    }
    JsonNode node = JSON.readTree(value);
    return JSON.writeValueAsString(node);
  }

  private record DeadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {}
}
