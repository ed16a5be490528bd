package dev.haechi.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.flink.Records.EventRecord;
import dev.haechi.kafka.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events in a Kafka topic (an in-process KRaft broker) → the job on a MiniCluster with
 * checkpointing → alerts in a Kafka topic, read {@code read_committed}: equal, one for one, to what
 * the one-machine engine raises on the same events, although a task fails mid-stream after a
 * checkpoint (the job restarts from it: the source rewinds, the correlation state is restored, the
 * alerts of the aborted transaction are never visible). Malformed records go to the dead-letter
 * topic with their offset and reason.
 */
class KafkaFailoverTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** Set once the injected failure happened (the map runs in this JVM on the MiniCluster). */
  static final AtomicBoolean FAILED = new AtomicBoolean();

  static final AtomicInteger CHECKPOINTS = new AtomicInteger();

  @TempDir Path dir;

  /** Passes events through, slowly; throws once after some events and a completed checkpoint. */
  static final class FailOnce extends RichMapFunction<EventRecord, EventRecord>
      implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final int after;
    private int seen;

    FailOnce(int after) {
      this.after = after;
    }

    @Override
    public EventRecord map(EventRecord e) throws Exception {
      Thread.sleep(1);
      if (++seen >= after && CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after " + seen + " events");
      }
      return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTS.incrementAndGet();
    }
  }

  @Test
  void a_task_killed_mid_stream_loses_and_duplicates_no_alert() throws Exception {
    int n = 2000;
    Path file = FlinkAgreementTest.correlationEvents(dir, n, 11);
    List<String> lines = Files.readAllLines(file);
    RulesSpec spec = new RulesSpec().withText(1, "logins.yml", FlinkAgreementTest.CORRELATIONS);
    spec.builtin = false;
    List<String> expected = OneMachine.alerts(spec, file);

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("events", 1);
      kafka.createTopic("alerts", 1);
      kafka.createTopic("dead", 1);
      List<org.apache.kafka.clients.producer.ProducerRecord<String, String>> records =
          new ArrayList<>();
      try (var producer =
          new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
              kafka.producerProperties())) {
        for (String l : lines) {
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("events", l));
        }
        producer.flush();
      }
      records.clear();

      Configuration conf = new Configuration();
      conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
      // Barriers overtake the records already buffered in front of the slow map: on an idle
      // machine the source buffers every event before the first checkpoint, and with aligned
      // barriers no checkpoint could complete until the stream had passed, so the failure was
      // never injected mid-stream (seen in CI).
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
      o.eventsTopic = "events";
      o.alertsTopic = "alerts";
      o.deadLetterTopic = "dead";
      o.bounded = true;
      o.checkpointInterval = Duration.ofMillis(300);
      o.transactionalIdPrefix = "failover-test";
      o.rules = spec;
      KafkaDetectionJob.build(
          env, o, events -> events.map(new FailOnce(n / 2)).name("fail once").setParallelism(1));
      env.execute("failover test");

      assertThat(FAILED).as("the injected failure happened").isTrue();
      List<ConsumerRecord<String, String>> got =
          kafka.consume("alerts", expected.size() + 1, Duration.ofSeconds(15));
      List<JsonNode> gotAlerts = new ArrayList<>();
      got.forEach(r -> gotAlerts.add(MAPPER.readTree(r.value())));
      List<JsonNode> want = new ArrayList<>();
      expected.forEach(l -> want.add(MAPPER.readTree(l)));
      assertThat(gotAlerts).hasSize(want.size());
      assertThat(gotAlerts).containsExactlyInAnyOrderElementsOf(want);

      List<ConsumerRecord<String, String>> dead = kafka.consume("dead", 1, Duration.ofSeconds(30));
      assertThat(dead).hasSize(1);
      JsonNode d = MAPPER.readTree(dead.get(0).value());
      assertThat(d.path("offset").asLong()).isEqualTo(n / 2 + 1);
      assertThat(d.path("reason").asString()).contains("not JSON");
    }
  }
}
