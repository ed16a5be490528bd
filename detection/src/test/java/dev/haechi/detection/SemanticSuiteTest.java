package dev.haechi.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;

/**
 * The semantic suite (issue 11 item 11): small rule + event cases per feature in {@code
 * src/test/resources/semantics/*.yml} (correlation conditions and window edges, filters, log-source
 * gating, null, case folding, numbers, placeholders), each with its expected alerts and the source
 * of that expectation (the specification, or pySigma). See {@code semantics/README.md}.
 */
class SemanticSuiteTest {
  static final List<String> FEATURES =
      List.of("correlations", "filters", "logsource", "values", "placeholders");

  @TestFactory
  Stream<DynamicNode> cases() throws IOException, URISyntaxException {
    List<DynamicNode> out = new ArrayList<>();
    for (String feature : FEATURES) {
      Map<?, ?> doc = load(feature);
      List<DynamicNode> tests = new ArrayList<>();
      for (Object o : (List<?>) doc.get("cases")) {
        Map<?, ?> c = (Map<?, ?>) o;
        tests.add(DynamicTest.dynamicTest(String.valueOf(c.get("name")), () -> run(c)));
      }
      out.add(DynamicContainer.dynamicContainer(feature, tests));
    }
    return out.stream();
  }

  @Test
  void every_case_states_where_its_expectation_comes_from() throws Exception {
    int cases = 0;
    for (String feature : FEATURES) {
      for (Object o : (List<?>) load(feature).get("cases")) {
        Map<?, ?> c = (Map<?, ?>) o;
        assertThat(String.valueOf(c.get("source")))
            .as("%s: %s", feature, c.get("name"))
            .hasSizeGreaterThan(8);
        assertThat(c.get("expect")).as("%s: %s", feature, c.get("name")).isInstanceOf(List.class);
        cases++;
      }
    }
    assertThat(cases).isGreaterThanOrEqualTo(30);
  }

  private static Map<?, ?> load(String feature) throws IOException, URISyntaxException {
    Path file =
        Path.of(SemanticSuiteTest.class.getResource("/semantics/" + feature + ".yml").toURI());
    return (Map<?, ?>)
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(file, StandardCharsets.UTF_8));
  }

  private static void run(Map<?, ?> c) {
    List<ProcessingPipeline> pipelines = new ArrayList<>();
    if (c.get("pipelines") instanceof List<?> names) {
      names.forEach(n -> pipelines.add(PipelineLoader.resolve(String.valueOf(n))));
    }
    if (c.get("pipeline") instanceof String yaml) {
      pipelines.add(PipelineLoader.parse("case-pipeline.yml", yaml));
    }
    RuleSet set = RuleLoader.loadText("case.yml", String.valueOf(c.get("rules")));
    assertThat(set.report().failures()).as("rules load").isEmpty();
    DetectionEngine engine = DetectionEngine.compile(set, pipelines);
    assertThat(engine.failures()).as("rules compile").isEmpty();
    List<Alert> alerts = new ArrayList<>();
    for (Object e : (List<?>) c.get("events")) {
      JsonNode event = Rules.json(String.valueOf(e));
      assertThat(engine.match(event).stream().map(r -> r.rule().id()).toList())
          .as("index and full scan agree on %s", e)
          .isEqualTo(engine.matchFullScan(event).stream().map(r -> r.rule().id()).toList());
      engine.evaluate(event, alerts::add);
    }
    engine.flush(alerts::add);
    List<String> expected = ((List<?>) c.get("expect")).stream().map(String::valueOf).toList();
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      Alert a = alerts.get(i);
      boolean withTime = i < expected.size() && expected.get(i).contains("@");
      actual.add(withTime ? a.ruleId() + "@" + a.timestamp() : a.ruleId());
    }
    assertThat(actual).as("%s (%s)", c.get("name"), c.get("source")).isEqualTo(expected);
  }
}
