package dev.haechi.flink;

import dev.haechi.flink.Records.EventRecord;
import dev.haechi.kafka.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rig the failover tests share: events in a Kafka topic of an in-process broker, the detection
 * job on a two-slot MiniCluster with frequent unaligned checkpoints and a fixed-delay restart
 * strategy, one injected map in front of the engine (the test's way to fail a task), and the alerts
 * read back {@code read_committed}.
 */
final class FailoverRig {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  static final String EVENTS = "events";
  static final String ALERTS = "alerts";
  static final String DEAD = "dead";

  private FailoverRig() {}

  /**
   * Creates the three topics (one partition each) and produces {@code lines} to the events topic.
   */
  static void produce(EmbeddedKafka kafka, List<String> lines) throws Exception {
    kafka.createTopic(EVENTS, 1);
    kafka.createTopic(ALERTS, 1);
    kafka.createTopic(DEAD, 1);
    try (var producer = new KafkaProducer<String, String>(kafka.producerProperties())) {
      for (String l : lines) {
        producer.send(new ProducerRecord<>(EVENTS, l));
      }
      producer.flush();
    }
  }

  /**
   * Runs the bounded job to its end with {@code injected} as a single-parallelism map in front of
   * the engine.
   */
  static void run(
      EmbeddedKafka kafka,
      RulesSpec spec,
      String transactionalIdPrefix,
      MapFunction<EventRecord, EventRecord> injected)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
    // Barriers overtake the records already buffered in front of the slow map: on an idle machine
    // the source buffers every event before the first checkpoint, and with aligned barriers no
    // checkpoint could complete until the stream had passed, so the failure was never injected
    // mid-stream (seen in CI).
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    KafkaDetectionJob.Options o = new KafkaDetectionJob.Options();
    o.bootstrapServers = kafka.bootstrapServers();
    o.eventsTopic = EVENTS;
    o.alertsTopic = ALERTS;
    o.deadLetterTopic = DEAD;
    o.bounded = true;
    o.checkpointInterval = Duration.ofMillis(300);
    o.transactionalIdPrefix = transactionalIdPrefix;
    o.rules = spec;
    KafkaDetectionJob.build(
        env, o, events -> events.map(injected).name("fail once").setParallelism(1));
    env.execute(transactionalIdPrefix);
  }

  /**
   * Every committed record of {@code topic} as JSON trees (the bounded job has finished, so its
   * last transaction is committed; reading to the end offsets is exact even on a loaded machine).
   * Each record's Kafka timestamp must be the time it was written (at or after {@code
   * writtenSince}), not the event time of the alert: a record stamped with a 2025 event time sits
   * past the broker's retention and is deleted within minutes.
   */
  static List<JsonNode> consumeAll(EmbeddedKafka kafka, String topic, long writtenSince) {
    List<ConsumerRecord<String, String>> got = kafka.consumeAll(topic, Duration.ofSeconds(120));
    List<JsonNode> out = new ArrayList<>();
    for (ConsumerRecord<String, String> r : got) {
      if (r.timestamp() < writtenSince) {
        throw new AssertionError(
            topic
                + " record at offset "
                + r.offset()
                + " carries Kafka timestamp "
                + java.time.Instant.ofEpochMilli(r.timestamp())
                + ", before it was written ("
                + java.time.Instant.ofEpochMilli(writtenSince)
                + " or later): the broker's retention would delete it");
      }
      out.add(MAPPER.readTree(r.value()));
    }
    return out;
  }

  /** The alert lines as JSON trees, for comparison ignoring key order. */
  static List<JsonNode> trees(List<String> lines) {
    List<JsonNode> out = new ArrayList<>();
    lines.forEach(l -> out.add(MAPPER.readTree(l)));
    return out;
  }

  /**
   * Asserts that {@code got} and {@code want} hold the same alerts (as multisets, ignoring order),
   * and on failure names how many are missing and extra with the first few of each (rule, group,
   * timestamp), so a lost tail or a duplicated batch is visible at once.
   */
  static void assertSameAlerts(List<JsonNode> got, List<JsonNode> want) {
    java.util.Map<JsonNode, Integer> left = new java.util.HashMap<>();
    want.forEach(w -> left.merge(w, 1, Integer::sum));
    List<JsonNode> extra = new ArrayList<>();
    for (JsonNode g : got) {
      Integer n = left.get(g);
      if (n == null) {
        extra.add(g);
      } else if (n == 1) {
        left.remove(g);
      } else {
        left.put(g, n - 1);
      }
    }
    List<JsonNode> missing = new ArrayList<>();
    left.forEach(
        (k, n) -> {
          for (int i = 0; i < n; i++) {
            missing.add(k);
          }
        });
    if (!missing.isEmpty() || !extra.isEmpty()) {
      java.util.Comparator<JsonNode> byTime =
          java.util.Comparator.comparing(a -> a.path("timestamp").asString());
      missing.sort(byTime);
      extra.sort(byTime);
      throw new AssertionError(
          "alerts differ from the one-machine engine: "
              + missing.size()
              + " missing, "
              + extra.size()
              + " extra (got "
              + got.size()
              + ", want "
              + want.size()
              + ")\nmissing: "
              + brief(missing)
              + "\nextra: "
              + brief(extra));
    }
  }

  private static String brief(List<JsonNode> alerts) {
    StringBuilder b = new StringBuilder();
    if (!alerts.isEmpty()) {
      b.append("timestamps ")
          .append(alerts.get(0).path("timestamp").asString())
          .append(" .. ")
          .append(alerts.get(alerts.size() - 1).path("timestamp").asString())
          .append("; first: ");
    }
    alerts.stream()
        .limit(5)
        .forEach(
            a ->
                b.append("[")
                    .append(a.path("rule_title").asString())
                    .append(" ")
                    .append(a.path("group"))
                    .append(" ")
                    .append(a.path("timestamp").asString())
                    .append("] "));
    return b.toString();
  }
}
