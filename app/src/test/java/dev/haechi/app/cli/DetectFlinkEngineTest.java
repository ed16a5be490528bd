package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code haechi detect --engine flink --parallelism 2} prints the alerts the one-machine engine
 * prints (the same lines, in input order) and reports bad lines the same way.
 */
class DetectFlinkEngineTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  @TempDir Path dir;

  static final String RULES =
      """
      title: Failed login
      id: 5b0c0c1e-0000-4000-8000-000000000001
      name: failed_login
      logsource: {product: test}
      detection:
        sel: {outcome: failure}
        condition: sel
      level: low
      ---
      title: Brute force
      id: 5b0c0c1e-0000-4000-8000-000000000010
      correlation:
        type: event_count
        rules: [failed_login]
        group-by: [user]
        timespan: 10m
        condition: {gte: 4}
      level: high
      ---
      title: Quiet source (judged at close)
      id: 5b0c0c1e-0000-4000-8000-000000000011
      correlation:
        type: event_count
        rules: [failed_login]
        group-by: [src]
        timespan: 5m
        condition: {lt: 3}
      level: medium
      """;

  @Test
  void engine_flink_prints_the_same_alerts_as_the_one_machine_engine() throws Exception {
    Path rules = Files.writeString(dir.resolve("logins.yml"), RULES);
    Random rnd = new Random(3);
    StringBuilder sb = new StringBuilder();
    Instant t = Instant.parse("2025-06-24T00:00:00Z");
    for (int i = 0; i < 400; i++) {
      t = t.plusSeconds(rnd.nextInt(20));
      sb.append(
          String.format(
              "{\"@timestamp\":\"%s\",\"user\":\"u%d\",\"src\":\"10.0.%d.1\",\"outcome\":\"%s\"}%n",
              t, rnd.nextInt(4), rnd.nextInt(40), rnd.nextInt(10) < 8 ? "failure" : "success"));
      if (i == 100) {
        sb.append("this is not json\n");
      }
    }
    Path events = Files.writeString(dir.resolve("logins.jsonl"), sb);
    String[] common = {
      "detect", "--rules", rules.toString(), "--no-builtin", "--input", events.toString()
    };
    var single = CommandLineTest.run(common);
    String[] flinkArgs = new String[common.length + 4];
    System.arraycopy(common, 0, flinkArgs, 0, common.length);
    System.arraycopy(
        new String[] {"--engine", "flink", "--parallelism", "2"}, 0, flinkArgs, common.length, 4);
    var flink = CommandLineTest.run(flinkArgs);

    assertThat(single.code()).as(single.err()).isZero();
    assertThat(flink.code()).as(flink.err()).isZero();
    List<JsonNode> want = single.out().lines().map(MAPPER::readTree).toList();
    List<JsonNode> got = flink.out().lines().map(MAPPER::readTree).toList();
    assertThat(want).hasSizeGreaterThan(50);
    assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    assertThat(flink.err()).contains("logins.jsonl:102: ").contains("400 events, ");
    assertThat(single.err()).contains("logins.jsonl:102: ");
  }

  @Test
  void engine_flink_refuses_standard_input_with_the_reason() {
    var o = CommandLineTest.run("detect", "--engine", "flink", "--no-builtin", "--rules", ".");
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("--engine flink reads a file");
  }
}
