package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code haechi detect}: alerts on standard output, bad lines reported and counted. */
class DetectCommandTest {
  @TempDir Path dir;

  static final String RULE =
      """
      title: Token signed with the retired gateway key
      id: 0f6a4b8e-1111-4222-8333-944455556666
      status: experimental
      logsource:
        category: web
        product: gateway
      detection:
        selection:
          token.kid: auth-2022-01
        condition: selection
      level: critical
      tags:
        - attack.t1606.001
      """;

  @Test
  void a_forged_token_raises_one_alert_and_a_bad_line_is_reported_without_stopping()
      throws Exception {
    Path rule = Files.writeString(dir.resolve("retired-kid.yml"), RULE);
    Path events =
        Files.writeString(
            dir.resolve("gateway.jsonl"),
            """
            {"@timestamp":"2025-06-24T03:12:45.123Z","token":{"kid":"auth-2022-01","sub":"1000234"}}
            this is not json
            {"@timestamp":"2025-06-24T03:12:46Z","token":{"kid":"auth-2025-02"}}
            {"@timestamp":"2025-06-24T03:12:47Z","token":{"kid":"auth-2022-01","sub":"99999999"}}
            """);
    var o =
        CommandLineTest.run(
            "detect", "--rules", rule.toString(), "--input", events.toString(), "--no-builtin");
    assertThat(o.code()).isZero();
    assertThat(o.out().lines())
        .hasSize(2)
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("{\"rule_id\":\"0f6a4b8e-1111-4222-8333-944455556666\"")
                    .contains("\"level\":\"critical\""));
    assertThat(o.out()).contains("\"sub\":\"99999999\"");
    assertThat(o.err())
        .contains("gateway.jsonl:2: ")
        .contains("3 events, 2 alerts, 1 lines rejected");
  }

  @Test
  void no_rules_or_a_missing_rule_path_exits_2() {
    assertThat(CommandLineTest.run("detect", "--no-builtin").code()).isEqualTo(2);
    var missing =
        CommandLineTest.run(
            "detect", "--rules", dir.resolve("nope.yml").toString(), "--no-builtin");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yml").contains("no such rule file");
  }

  @Test
  void a_rule_with_an_unknown_modifier_is_reported_with_its_file() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yml"), RULE);
    Path bad =
        Files.writeString(
            dir.resolve("bad.yml"),
            RULE.replace("token.kid:", "token.kid|frobnicate:")
                .replace("0f6a4b8e-1111", "1f6a4b8e-1111"));
    Path events = Files.writeString(dir.resolve("e.jsonl"), "{\"token\":{\"kid\":\"x\"}}\n");
    var o =
        CommandLineTest.run(
            "detect",
            "--rules",
            good.toString(),
            "--rules",
            bad.toString(),
            "--input",
            events.toString(),
            "--no-builtin");
    assertThat(o.code()).isZero();
    assertThat(o.err()).contains("bad.yml").contains("frobnicate");
  }

  @Test
  void
      on_the_retailer_demo_the_built_in_pack_raises_the_forged_token_alert_on_the_first_forged_request()
          throws Exception {
    var generated =
        dev.haechi.demo.DemoOrganisations.generate(
            dir,
            new dev.haechi.demo.DemoOptions(
                dev.haechi.demo.DemoOptions.DEFAULT_SEED, 0.01, java.util.Set.of("retailer")));
    Path retailer = generated.get(0).directory();
    var manifest =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(Files.readString(retailer.resolve("demo.json")));
    var first = manifest.path("events").path("attack").path("firstForged");
    String firstTime = first.path("timestamp").asString();
    assertThat(firstTime).isNotEmpty();

    var o =
        CommandLineTest.run(
            "detect",
            "--identity-from",
            retailer.toString(),
            "--as-of",
            "2025-11-01",
            "--input",
            retailer.resolve("events/gateway.jsonl").toString());
    assertThat(o.code()).as(o.err()).isZero();
    String forgedRule = dev.haechi.detection.builtin.BuiltinRules.UNTRUSTED_KEY;
    var forgedAlerts =
        o.out().lines().filter(l -> l.startsWith("{\"rule_id\":\"" + forgedRule + "\"")).toList();
    assertThat(forgedAlerts).isNotEmpty();
    assertThat(forgedAlerts.get(0))
        .contains("\"level\":\"critical\"")
        .contains("\"kid\":\"auth-2022-01\"");
    var alert =
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(forgedAlerts.get(0));
    assertThat(java.time.Instant.parse(alert.path("timestamp").asString()))
        .isEqualTo(java.time.Instant.parse(firstTime));
    assertThat(forgedAlerts)
        .hasSize(manifest.path("events").path("attack").path("forgedRequests").asInt());
    // Background traffic signed with the active key raises no forged-token alert, and nothing
    // before the first forged request is a forged-token alert.
    assertThat(o.out().lines().filter(l -> l.contains("\"kid\":\"auth-2025-01\"")))
        .noneMatch(l -> l.startsWith("{\"rule_id\":\"" + forgedRule + "\""));
  }
}
