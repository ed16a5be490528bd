package dev.haechi.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.flink.Records.EventRecord;
import dev.haechi.kafka.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Events in a Kafka topic (an in-process KRaft broker) → the job on a MiniCluster with
 * checkpointing → alerts in a Kafka topic, read {@code read_committed}: equal, one for one, to what
 * the one-machine engine raises on the same events, although a task fails mid-stream after a
 * checkpoint (the job restarts from it: the source rewinds, the correlation state is restored, the
 * alerts of the aborted transaction are never visible). Malformed records go to the dead-letter
 * topic with their offset and reason.
 */
class KafkaFailoverTest {
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

    long started = System.currentTimeMillis();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      FailoverRig.produce(kafka, lines);
      FailoverRig.run(kafka, spec, "failover-test", new FailOnce(n / 2));

      assertThat(FAILED).as("the injected failure happened").isTrue();
      List<JsonNode> gotAlerts = FailoverRig.consumeAll(kafka, FailoverRig.ALERTS, started);
      List<JsonNode> want = FailoverRig.trees(expected);
      FailoverRig.assertSameAlerts(gotAlerts, want);

      List<JsonNode> dead = FailoverRig.consumeAll(kafka, FailoverRig.DEAD, started);
      assertThat(dead).hasSize(1);
      JsonNode d = dead.get(0);
      assertThat(d.path("offset").asLong()).isEqualTo(n / 2 + 1);
      assertThat(d.path("reason").asString()).contains("not JSON");
    }
  }
}
