package dev.haechi.detection;

import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Test shorthand: compile YAML rules and ask whether a JSON event fires them. */
public final class Rules {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Rules() {}

  public static DetectionEngine engine(String yaml, ProcessingPipeline... pipelines) {
    RuleSet set = RuleLoader.loadText("test.yml", yaml);
    if (!set.report().clean()) {
      throw new AssertionError(set.report().failures().toString());
    }
    DetectionEngine engine = DetectionEngine.compile(set, List.of(pipelines));
    if (!engine.failures().isEmpty()) {
      throw new AssertionError(engine.failures().toString());
    }
    return engine;
  }

  /** A one-rule document with {@code detection} (indented YAML body) under a generic log source. */
  public static String rule(String detection) {
    return "title: t\nid: r1\nlogsource: {product: test}\ndetection:\n" + detection.indent(2);
  }

  public static boolean fires(DetectionEngine engine, String json) {
    JsonNode e = json(json);
    boolean fast = !engine.match(e).isEmpty();
    boolean slow = !engine.matchFullScan(e).isEmpty();
    if (fast != slow) {
      throw new AssertionError("index and full scan disagree on " + json);
    }
    return fast;
  }

  public static boolean fires(String detection, String json) {
    return fires(engine(rule(detection)), json);
  }

  public static JsonNode json(String s) {
    return MAPPER.readTree(s);
  }
}
