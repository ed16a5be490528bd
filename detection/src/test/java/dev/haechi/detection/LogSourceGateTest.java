package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.GatewayEvents;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rule applies only to events of its log source: under the {@code ecs} pipeline a Zeek, Windows
 * or Linux rule never fires on the retailer's gateway events, and a log source the pipeline cannot
 * scope is refused rather than applied to every event.
 */
class LogSourceGateTest {
  @Test
  void no_zeek_windows_or_linux_rule_of_the_corpus_fires_on_gateway_events() {
    RuleSet set = RuleLoader.load(List.of(SharedData.sigma().resolve("rules")));
    DetectionEngine e = DetectionEngine.compile(set, List.of(PipelineLoader.resolve("ecs")));
    List<String> fired = new ArrayList<>();
    Instant t = Instant.parse("2025-06-24T03:00:00Z");
    for (int i = 0; i < 20; i++) {
      String line =
          GatewayEvents.member(t.plusSeconds(i), "100023" + i, "auth-2025-01", "203.0.113." + i)
              .line();
      e.evaluate(line, a -> fired.add(a.ruleId() + " " + a.ruleTitle()));
    }
    assertThat(fired).isEmpty();
  }

  @Test
  void a_zeek_rule_fires_on_zeek_events_under_ecs() {
    String rule =
        """
        title: rdp listener
        id: z1
        logsource: {product: zeek, service: rdp}
        detection:
          selection: {source.ip|cidr: '10.0.0.0/8'}
          condition: not selection
        """;
    DetectionEngine e = Rules.engine(rule, PipelineLoader.resolve("ecs"));
    assertThat(Rules.fires(e, "{\"event\":{\"module\":\"zeek\"},\"source\":{\"ip\":\"1.2.3.4\"}}"))
        .isTrue();
    assertThat(
            Rules.fires(e, "{\"service\":{\"name\":\"gateway\"},\"source\":{\"ip\":\"1.2.3.4\"}}"))
        .isFalse();
  }

  @Test
  void a_log_source_the_ecs_pipeline_cannot_scope_is_refused_with_the_reason() {
    RuleSet set =
        RuleLoader.loadText(
            "k.yml",
            "title: k\nid: k1\nlogsource: {product: kubernetes, service: audit}\n"
                + "detection: {sel: {verb: create}, condition: sel}\n");
    DetectionEngine e = DetectionEngine.compile(set, List.of(PipelineLoader.resolve("ecs")));
    assertThat(e.rules()).isEmpty();
    assertThat(e.failures())
        .singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("cannot scope this log source"));
  }

  @Test
  void under_windows_evtx_no_zeek_linux_or_web_rule_of_the_corpus_fires_on_windows_events()
      throws Exception {
    RuleSet set = RuleLoader.load(List.of(SharedData.sigma().resolve("rules")));
    DetectionEngine e =
        DetectionEngine.compile(set, List.of(PipelineLoader.resolve("windows-evtx")));
    Map<String, String> productOf = new HashMap<>();
    set.rules()
        .forEach(
            r -> {
              if (r.id() != null && r.logsource().product() != null) {
                productOf.put(r.id(), r.logsource().product());
              }
            });
    List<String> wrong = new ArrayList<>();
    int windowsAlerts = 0;
    for (String file : List.of("system.jsonl", "sysmon.jsonl", "security.jsonl")) {
      Path log = SharedData.root().resolve("real-world/evtx-dump").resolve(file);
      for (String line : Files.readAllLines(log)) {
        List<String> products = new ArrayList<>();
        e.evaluate(line, a -> products.add(a.ruleId() + " " + a.ruleTitle()));
        for (String p : products) {
          String product = productOf.get(p.substring(0, p.indexOf(' ')));
          if (product != null && !product.equalsIgnoreCase("windows")) {
            wrong.add(file + ": " + p + " (product " + product + ")");
          } else {
            windowsAlerts++;
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(windowsAlerts).as("Windows rules still fire on the Windows logs").isPositive();
  }

  @Test
  void a_log_source_windows_evtx_cannot_route_is_refused_but_product_windows_alone_applies() {
    String zeek =
        "title: z\nid: z2\nlogsource: {product: zeek, service: rdp}\n"
            + "detection: {sel: {Channel: System}, condition: sel}\n";
    DetectionEngine refused =
        DetectionEngine.compile(
            RuleLoader.loadText("z.yml", zeek), List.of(PipelineLoader.resolve("windows-evtx")));
    assertThat(refused.rules()).isEmpty();
    assertThat(refused.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.reason())
                    .contains("windows-evtx pipeline cannot route log source")
                    .contains("product: zeek"));

    String windows =
        "title: w\nid: w1\nlogsource: {product: windows}\n"
            + "detection: {sel: {Channel: System}, condition: sel}\n";
    DetectionEngine applies =
        DetectionEngine.compile(
            RuleLoader.loadText("w.yml", windows), List.of(PipelineLoader.resolve("windows-evtx")));
    assertThat(applies.failures()).isEmpty();
    assertThat(
            Rules.fires(
                applies, "{\"Event\":{\"System\":{\"Channel\":\"System\",\"EventID\":7036}}}"))
        .isTrue();
  }
}
