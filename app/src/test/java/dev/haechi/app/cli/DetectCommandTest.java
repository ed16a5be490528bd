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
}
