package dev.haechi.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.flink.Records.EventRecord;
import dev.haechi.kafka.testkit.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The disclosure baseline survives a failover: two principals disclose 100 subjects an hour for a
 * day, the task fails after a checkpoint taken once that history was read, and then one principal
 * discloses 300 subjects in an hour (far below ten times its baseline: no alert) and the other
 * 1,500 (above: an alert). Restored from the checkpoint's keyed state, the job raises exactly the
 * one-machine engine's alerts; a baseline kept only in memory would restart empty and judge the 300
 * against the minimum of 200, a false alert.
 */
class BaselineFailoverTest {
  private static final ObjectMapper MAPPER = FailoverRig.MAPPER;

  static final AtomicBoolean FAILED = new AtomicBoolean();
  static final AtomicInteger CHECKPOINTS = new AtomicInteger();
  static final AtomicInteger FAILED_AT = new AtomicInteger();

  @TempDir Path dir;

  /**
   * Passes events through slowly; fails once, after event {@code history}, as soon as the second
   * checkpoint completed since that event passed: with one checkpoint at a time, that checkpoint
   * was started after the history had passed this map, so the restored state holds the history and
   * the source rewinds past it (a baseline lost with the task could not be rebuilt by the replay).
   */
  static final class FailAfterCheckpoint extends RichMapFunction<EventRecord, EventRecord>
      implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final int history;
    private int seen;
    private int base = -1;

    FailAfterCheckpoint(int history) {
      this.history = history;
    }

    @Override
    public EventRecord map(EventRecord e) throws Exception {
      Thread.sleep(15);
      seen++;
      if (seen == history + 1) {
        base = CHECKPOINTS.get();
      }
      if (base >= 0 && CHECKPOINTS.get() >= base + 2 && FAILED.compareAndSet(false, true)) {
        FAILED_AT.set(seen);
        throw new IllegalStateException("injected failure after " + seen + " events");
      }
      return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTS.incrementAndGet();
    }
  }

  private static String disclosure(Instant at, String user, int subjects, int seq) {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < subjects; i++) {
      ids.append(i == 0 ? "" : ",").append("\"m").append(seq).append('-').append(i).append('"');
    }
    return "{\"@timestamp\":\""
        + at
        + "\",\"event\":{\"category\":[\"web\"]},\"user\":{\"id\":\""
        + user
        + "\"},\"data\":{\"subject_ids\":["
        + ids
        + "]}}";
  }

  @Test
  void the_disclosure_baseline_is_restored_after_a_task_failure() throws Exception {
    Instant t0 = Instant.parse("2025-06-20T00:10:00Z");
    List<String> lines = new ArrayList<>();
    int seq = 0;
    // a day of history: 100 subjects an hour each
    for (int h = 0; h < 25; h++) {
      for (String p : List.of("steady", "bursty")) {
        lines.add(disclosure(t0.plusSeconds(h * 3600L), p, 100, seq++));
      }
    }
    int history = lines.size();
    // other users' requests without disclosures, while the failure is injected
    for (int i = 0; i < 300; i++) {
      lines.add(
          "{\"@timestamp\":\""
              + t0.plusSeconds(24 * 3600L + 60 + i)
              + "\",\"event\":{\"category\":[\"web\"]},\"user\":{\"id\":\"other"
              + (i % 17)
              + "\"}}");
    }
    // hour 26: 300 subjects (no alert) and 1,500 (an alert)
    Instant burst = t0.plusSeconds(26 * 3600L);
    for (int i = 0; i < 3; i++) {
      lines.add(disclosure(burst.plusSeconds(i), "steady", 100, seq++));
    }
    for (int i = 0; i < 15; i++) {
      lines.add(disclosure(burst.plusSeconds(10 + i), "bursty", 100, seq++));
    }
    Path file = dir.resolve("disclosures.jsonl");
    Files.write(file, lines);

    RulesSpec spec = new RulesSpec();
    List<String> expected = OneMachine.alerts(spec, file);
    List<String> bulk =
        expected.stream()
            .filter(
                l ->
                    MAPPER
                        .readTree(l)
                        .path("rule_id")
                        .asString()
                        .equals(BuiltinRules.BULK_DISCLOSURE))
            .toList();
    assertThat(bulk).hasSize(1);
    assertThat(MAPPER.readTree(bulk.get(0)).path("event").path("user").path("id").asString())
        .isEqualTo("bursty");

    long started = System.currentTimeMillis();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      FailoverRig.produce(kafka, lines);
      FailoverRig.run(kafka, spec, "baseline-failover-test", new FailAfterCheckpoint(history));

      assertThat(FAILED).as("the injected failure happened").isTrue();
      assertThat(FAILED_AT.get()).as("failed before the burst").isLessThan(history + 300);
      List<JsonNode> gotAlerts = FailoverRig.consumeAll(kafka, FailoverRig.ALERTS, started);
      FailoverRig.assertSameAlerts(gotAlerts, FailoverRig.trees(expected));
    }
  }
}
