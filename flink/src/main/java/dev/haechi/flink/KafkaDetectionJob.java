package dev.haechi.flink;

import dev.haechi.flink.Records.AlertRecord;
import dev.haechi.flink.Records.EventRecord;
import dev.haechi.flink.Records.Rejected;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster job (DEPLOY.md): events from a Kafka topic, alerts to a Kafka topic exactly once
 * (transactional sink committed with each checkpoint), lines that are not events to a dead-letter
 * topic with the reason and their source partition and offset, and rule updates from a rules topic
 * (each record a complete Sigma rule set in YAML, replacing the previous one if it compiles).
 *
 * <pre>
 * flink run -c dev.haechi.flink.KafkaDetectionJob haechi-flink-0.1.0-SNAPSHOT-job.jar \
 *   --bootstrap-servers kafka:9092 --events-topic gateway-events --alerts-topic haechi-alerts \
 *   [--dead-letter-topic haechi-dead-letters] [--rules-topic haechi-rules] [--group-id haechi-flink]
 *   [--rules PATH]... [--no-builtin] [--identity-from DIR [--as-of DATE]] [--pipeline NAME]...
 *   [--checkpoint-interval 10s] [--transactional-id-prefix haechi-flink]
 * </pre>
 */
public final class KafkaDetectionJob {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaDetectionJob.class);

  /** Partition and offset in one ordering number: partition × 2^40 + offset. */
  static final int PARTITION_SHIFT = 40;

  private KafkaDetectionJob() {}

  /** The job's settings (command-line options). */
  public static final class Options {
    public String bootstrapServers;
    public String eventsTopic;
    public String alertsTopic;
    public String deadLetterTopic;
    public String rulesTopic;
    public String groupId = "haechi-flink";
    public String transactionalIdPrefix = "haechi-flink";
    public Duration checkpointInterval = Duration.ofSeconds(10);

    /** Stop at the end offsets seen at start (tests and backfills); otherwise run unbounded. */
    public boolean bounded;

    public RulesSpec rules = new RulesSpec();

    public static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--no-builtin" -> o.rules.builtin = false;
          case "--bounded" -> o.bounded = true;
          default -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(a + ": needs a value (or unknown option)");
            }
            String v = args[++i];
            switch (a) {
              case "--bootstrap-servers" -> o.bootstrapServers = v;
              case "--events-topic" -> o.eventsTopic = v;
              case "--alerts-topic" -> o.alertsTopic = v;
              case "--dead-letter-topic" -> o.deadLetterTopic = v;
              case "--rules-topic" -> o.rulesTopic = v;
              case "--group-id" -> o.groupId = v;
              case "--transactional-id-prefix" -> o.transactionalIdPrefix = v;
              case "--checkpoint-interval" ->
                  o.checkpointInterval =
                      Duration.parse("PT" + v.toUpperCase(java.util.Locale.ROOT));
              case "--rules" -> o.rules.rulePaths.add(v);
              case "--pipeline" -> o.rules.pipelines.add(v);
              case "--identity-from" -> o.rules.identityDir = v;
              case "--as-of" -> o.rules.asOf = v;
              default -> throw new IllegalArgumentException("unknown option " + a);
            }
          }
        }
      }
      if (o.bootstrapServers == null || o.eventsTopic == null || o.alertsTopic == null) {
        throw new IllegalArgumentException(
            "--bootstrap-servers, --events-topic and --alerts-topic are required");
      }
      return o;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    build(env, o, UnaryOperator.identity());
    env.execute("haechi breach watch (" + o.eventsTopic + " -> " + o.alertsTopic + ")");
  }

  /**
   * Adds the job to {@code env}; {@code tap} may transform the event stream before detection (tests
   * inject a failure there).
   */
  public static void build(
      StreamExecutionEnvironment env, Options o, UnaryOperator<DataStream<EventRecord>> tap)
      throws CompiledRules.Refused {
    // the rules must compile before the job starts; updates are checked as they come
    CompiledRules first = CompiledRules.compile(o.rules, false);
    first.failures().forEach(f -> LOG.warn("rule {}", f));
    env.enableCheckpointing(o.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);

    var eventsBuilder =
        KafkaSource.<EventRecord>builder()
            .setBootstrapServers(o.bootstrapServers)
            .setTopics(o.eventsTopic)
            .setGroupId(o.groupId)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new EventDeserializer())
            .setProperty("isolation.level", "read_committed");
    if (o.bounded) {
      eventsBuilder.setBounded(OffsetsInitializer.latest());
    }
    KafkaSource<EventRecord> events = eventsBuilder.build();
    WatermarkStrategy<EventRecord> wm =
        DetectionJob.watermarks().withIdleness(Duration.ofMinutes(1));
    DataStream<EventRecord> input =
        tap.apply(env.fromSource(events, wm, "kafka " + o.eventsTopic).uid("haechi-events"));

    DataStream<RulesSpec> updates;
    if (o.rulesTopic != null) {
      KafkaSource<RulesSpec> rules =
          KafkaSource.<RulesSpec>builder()
              .setBootstrapServers(o.bootstrapServers)
              .setTopics(o.rulesTopic)
              .setGroupId(o.groupId + "-rules")
              .setStartingOffsets(OffsetsInitializer.earliest())
              .setDeserializer(new RulesDeserializer(o.rules))
              .build();
      updates =
          env.fromSource(rules, WatermarkStrategy.noWatermarks(), "kafka " + o.rulesTopic)
              .uid("haechi-rule-updates")
              .setParallelism(1);
    } else {
      updates = env.fromData(new RulesSpec()).filter(s -> false).name("no rule updates");
    }

    DetectionJob.Outputs out = DetectionJob.build(input, updates, o.rules);
    Properties producer = new Properties();
    // longer than any checkpoint interval, within the broker's transaction.max.timeout.ms (15 min)
    producer.setProperty("transaction.timeout.ms", "900000");
    KafkaSink<AlertRecord> alerts =
        KafkaSink.<AlertRecord>builder()
            .setBootstrapServers(o.bootstrapServers)
            .setKafkaProducerConfig(producer)
            .setRecordSerializer(new StampedNow<>(o.alertsTopic, new AlertValue()))
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            .setTransactionalIdPrefix(o.transactionalIdPrefix + "-alerts")
            .build();
    out.alerts().sinkTo(alerts).name("kafka " + o.alertsTopic).uid("haechi-alerts");
    if (o.deadLetterTopic != null) {
      KafkaSink<Rejected> dead =
          KafkaSink.<Rejected>builder()
              .setBootstrapServers(o.bootstrapServers)
              .setKafkaProducerConfig(producer)
              .setRecordSerializer(
                  KafkaRecordSerializationSchema.<Rejected>builder()
                      .setTopic(o.deadLetterTopic)
                      .setValueSerializationSchema(new DeadLetterValue(o.eventsTopic))
                      .build())
              .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
              .setTransactionalIdPrefix(o.transactionalIdPrefix + "-dead-letters")
              .build();
      out.rejected().sinkTo(dead).name("kafka " + o.deadLetterTopic).uid("haechi-dead-letters");
    }
    out.ruleStatus()
        .map(
            s -> {
              if (s.accepted) {
                LOG.info("{}", s);
              } else {
                LOG.warn("{}", s);
              }
              return s.toString();
            })
        .name("rule updates (log)");
  }

  /** {"topic","partition","offset","reason"} of a record that is not an event. */
  static byte[] deadLetter(String topic, Rejected r) {
    ObjectNode n = JsonMapper.builder().build().createObjectNode();
    n.put("topic", topic);
    n.put("partition", r.seq >>> PARTITION_SHIFT);
    n.put("offset", r.seq & ((1L << PARTITION_SHIFT) - 1));
    n.put("reason", r.reason);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes each element to {@code topic} with no Kafka timestamp of its own, so the producer stamps
   * the time it was written. The builder's default would stamp the element's Flink timestamp, which
   * is the event time: alerts raised on a backfill of old events (or a replay in a test) would
   * carry timestamps older than the topic's {@code retention.ms}, and the broker deletes such
   * segments within minutes of writing them (seen: the first 90–280 alerts of a 2025 replay
   * vanished from the topic). The alert's own {@code timestamp} field keeps the event time.
   */
  static final class StampedNow<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final SerializationSchema<T> value;

    StampedNow(String topic, SerializationSchema<T> value) {
      this.topic = topic;
      this.value = value;
    }

    @Override
    public void open(
        SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
        throws Exception {
      value.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        T element, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(topic, null, null, null, value.serialize(element));
    }
  }

  /** An alert's Kafka record value: its JSON line. */
  static final class AlertValue implements SerializationSchema<AlertRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(AlertRecord a) {
      return a.json.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A dead letter's Kafka record value (see {@link #deadLetter}). */
  static final class DeadLetterValue implements SerializationSchema<Rejected> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    DeadLetterValue(String topic) {
      this.topic = topic;
    }

    @Override
    public byte[] serialize(Rejected r) {
      return deadLetter(topic, r);
    }
  }

  /** A Kafka record's value as an event, numbered by partition and offset. */
  static final class EventDeserializer implements KafkaRecordDeserializationSchema<EventRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EventRecord> out) {
      String text =
          record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
      out.collect(
          Prepared.of(((long) record.partition() << PARTITION_SHIFT) | record.offset(), text));
    }

    @Override
    public TypeInformation<EventRecord> getProducedType() {
      return TypeInformation.of(EventRecord.class);
    }
  }

  /** A rules-topic record: a whole Sigma rule set, replacing the rule texts of the job. */
  static final class RulesDeserializer implements KafkaRecordDeserializationSchema<RulesSpec> {
    private static final long serialVersionUID = 1L;
    private final RulesSpec base;

    RulesDeserializer(RulesSpec base) {
      this.base = base;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RulesSpec> out) {
      RulesSpec s = base.copy();
      s.ruleTexts = new ArrayList<>(List.of());
      s.version = record.offset() + 1;
      s.ruleTexts.add(record.topic() + "@" + record.partition() + ":" + record.offset());
      s.ruleTexts.add(
          record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
      out.collect(s);
    }

    @Override
    public TypeInformation<RulesSpec> getProducedType() {
      return TypeInformation.of(RulesSpec.class);
    }
  }
}
