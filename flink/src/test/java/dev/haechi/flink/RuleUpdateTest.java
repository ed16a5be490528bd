package dev.haechi.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.flink.Records.EventRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * A rules update that does not compile is refused with the reason (file and problem) and the
 * running rules stay: every event is judged by the rules the job started with, none by the valid
 * half of the refused update.
 */
class RuleUpdateTest {
  static final String RUNNING =
      """
      title: Retired key
      id: 7e1b9a00-0000-4000-8000-000000000001
      logsource: {product: test}
      detection:
        sel: {token.kid: old-key}
        condition: sel
      level: high
      """;

  static final String BROKEN_UPDATE =
      """
      title: Any token
      id: 7e1b9a00-0000-4000-8000-000000000002
      logsource: {product: test}
      detection:
        sel: {token.kid|exists: true}
        condition: sel
      level: low
      ---
      title: Broken
      id: 7e1b9a00-0000-4000-8000-000000000003
      logsource: {product: test}
      detection:
        sel: {token.kid|nosuchmodifier: x}
        condition: sel
      level: low
      """;

  @Test
  @SuppressWarnings("try")
  void an_update_that_does_not_compile_is_refused_and_the_running_rules_stay() throws Exception {
    RulesSpec running = new RulesSpec().withText(1, "running.yml", RUNNING);
    running.builtin = false;
    RulesSpec update = new RulesSpec().withText(2, "update.yml", BROKEN_UPDATE);
    update.builtin = false;

    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_PORT, "0");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    env.setParallelism(2);
    List<EventRecord> input = new ArrayList<>();
    for (int i = 1; i <= 400; i++) {
      String kid = i % 4 == 0 ? "old-key" : "new-key";
      input.add(
          Prepared.of(
              i,
              "{\"@timestamp\":\"2025-06-24T00:00:"
                  + String.format("%02d", i % 60)
                  + "Z\",\"user\":{\"id\":\"u"
                  + (i % 7)
                  + "\"},\"token\":{\"kid\":\""
                  + kid
                  + "\"}}"));
    }
    DataStream<EventRecord> events =
        env.fromData(input).assignTimestampsAndWatermarks(DetectionJob.watermarks());
    DataStream<RulesSpec> updates = env.fromData(update).setParallelism(1);
    DetectionJob.Outputs out = DetectionJob.build(events, updates, running);
    DataStream<String> all =
        out.alerts().map(a -> "alert " + a.json).union(out.ruleStatus().map(s -> "status " + s));
    List<String> got = new ArrayList<>();
    try (CloseableIterator<String> it = all.executeAndCollect("rule update test")) {
      it.forEachRemaining(got::add);
    }
    List<String> statuses = got.stream().filter(s -> s.startsWith("status ")).toList();
    assertThat(statuses).hasSize(1);
    assertThat(statuses.get(0))
        .contains("rules v2 refused")
        .contains("update.yml")
        .contains("nosuchmodifier");
    List<String> alerts = got.stream().filter(s -> s.startsWith("alert ")).toList();
    assertThat(alerts)
        .hasSize(100)
        .allMatch(a -> a.contains("7e1b9a00-0000-4000-8000-000000000001"));
  }
}
