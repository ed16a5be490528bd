package dev.haechi.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.flink.Records.AlertRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Flink job (on a local MiniCluster) and the one-machine engine raise the same alerts, one for
 * one: on the demo retailer's gateway events with the built-in identity-aware pack, and on a
 * correlation workload of every kind of window (first crossing, judged at close, several groups,
 * multi-valued group-by).
 */
class FlinkAgreementTest {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  @TempDir Path dir;

  @Test
  void demo_gateway_events_with_the_identity_aware_pack_give_the_same_alerts() throws Exception {
    var generated =
        dev.haechi.demo.DemoOrganisations.generate(
            dir,
            new dev.haechi.demo.DemoOptions(
                dev.haechi.demo.DemoOptions.DEFAULT_SEED, 0.01, java.util.Set.of("retailer")));
    Path retailer = generated.get(0).directory();
    RulesSpec spec = new RulesSpec();
    spec.identityDir = retailer.toString();
    spec.asOf = "2025-11-01";
    Path events = retailer.resolve("events/gateway.jsonl");

    List<String> expected = OneMachine.alerts(spec, events);
    FileDetection.Result flink = FileDetection.run(spec, events, 2);

    assertThat(expected).isNotEmpty();
    assertSameAlerts(flink.alerts(), expected);
    // the correlation (enumeration) and the identity rules both fired
    assertThat(expected.stream().map(l -> MAPPER.readTree(l).path("rule_id").asString()))
        .contains(
            dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY,
            dev.haechi.detection.builtin.BuiltinRules.SUBJECT_ENUMERATION);
  }

  static final String CORRELATIONS =
      """
      title: Failed login
      id: 0d7a5b1e-0000-4000-8000-000000000001
      name: failed_login
      logsource: {product: test}
      detection:
        sel: {outcome: failure}
        condition: sel
      level: low
      ---
      title: Successful login
      id: 0d7a5b1e-0000-4000-8000-000000000002
      name: ok_login
      logsource: {product: test}
      detection:
        sel: {outcome: success}
        condition: sel
      level: informational
      ---
      title: Brute force (first crossing)
      id: 0d7a5b1e-0000-4000-8000-000000000010
      correlation:
        type: event_count
        rules: [failed_login]
        group-by: [user, src]
        timespan: 10m
        condition: {gte: 5}
      level: high
      ---
      title: Spray (distinct users per source)
      id: 0d7a5b1e-0000-4000-8000-000000000011
      correlation:
        type: value_count
        rules: [failed_login]
        group-by: [src]
        timespan: 15m
        condition: {field: user, gte: 4}
      level: high
      ---
      title: Few failures (judged at close)
      id: 0d7a5b1e-0000-4000-8000-000000000012
      correlation:
        type: event_count
        rules: [failed_login]
        group-by: [tags]
        timespan: 5m
        condition: {lt: 3}
      level: medium
      ---
      title: Failures then success
      id: 0d7a5b1e-0000-4000-8000-000000000013
      correlation:
        type: temporal_ordered
        rules: [failed_login, ok_login]
        group-by: [user]
        timespan: 20m
        condition: {gte: 2}
      generate: true
      level: critical
      """;

  /** Time-ordered login events: 6 users, 4 sources, tag arrays (multi-valued group-by). */
  static Path correlationEvents(Path dir, int n, long seed) throws Exception {
    Random rnd = new Random(seed);
    Instant t = Instant.parse("2025-06-24T00:00:00Z");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      t = t.plusSeconds(rnd.nextInt(10));
      String user = "u" + rnd.nextInt(30);
      String src = "10.0.0." + rnd.nextInt(4);
      String outcome = rnd.nextInt(10) < 7 ? "failure" : "success";
      String tags =
          rnd.nextBoolean()
              ? "[\"t" + rnd.nextInt(30) + "\"]"
              : "[\"t" + rnd.nextInt(30) + "\",\"t" + rnd.nextInt(30) + "\"]";
      sb.append(
          String.format(
              "{\"@timestamp\":\"%s\",\"user\":\"%s\",\"src\":\"%s\",\"outcome\":\"%s\",\"tags\":%s}%n",
              t, user, src, outcome, tags));
      if (i == n / 2) {
        sb.append("not json\n");
      }
    }
    Path file = dir.resolve("logins.jsonl");
    Files.writeString(file, sb);
    return file;
  }

  @Test
  void a_correlation_workload_gives_the_same_alerts_at_parallelism_one_and_two() throws Exception {
    Path events = correlationEvents(dir, 3000, 7);
    RulesSpec spec = new RulesSpec().withText(1, "logins.yml", CORRELATIONS);
    spec.builtin = false;
    List<String> expected = OneMachine.alerts(spec, events);
    Map<String, Integer> byRule = new HashMap<>();
    expected.forEach(
        l -> byRule.merge(MAPPER.readTree(l).path("rule_title").asString(), 1, Integer::sum));
    assertThat(byRule)
        .containsKeys(
            "Brute force (first crossing)",
            "Spray (distinct users per source)",
            "Few failures (judged at close)",
            "Failures then success");
    for (int p = 1; p <= 2; p++) {
      FileDetection.Result flink = FileDetection.run(spec, events, p);
      assertSameAlerts(flink.alerts(), expected);
      assertThat(flink.rejected()).hasSize(1);
      assertThat(flink.rejected().get(0).seq).isEqualTo(3000 / 2 + 2);
      assertThat(flink.events()).isEqualTo(3000);
    }
  }

  static void assertSameAlerts(List<AlertRecord> flink, List<String> expected) {
    List<JsonNode> got = new ArrayList<>();
    flink.forEach(a -> got.add(MAPPER.readTree(a.json)));
    List<JsonNode> want = new ArrayList<>();
    expected.forEach(l -> want.add(MAPPER.readTree(l)));
    assertThat(got).hasSize(want.size());
    assertThat(got).containsExactlyInAnyOrderElementsOf(want);
  }
}
