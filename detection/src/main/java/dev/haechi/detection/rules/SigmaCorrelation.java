package dev.haechi.detection.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Sigma correlation rule (Sigma correlation rules specification v2.1). {@code rules} name the
 * correlated rules by id or name; {@code aliases} maps an alias to, per rule name, the event field
 * it stands for; {@code generate} asks for the referenced rules' own alerts too.
 */
public record SigmaCorrelation(
    String id,
    String name,
    String title,
    String level,
    List<String> tags,
    CorrelationType type,
    List<String> rules,
    List<String> groupBy,
    Duration timespan,
    CorrelationCondition condition,
    Map<String, Map<String, String>> aliases,
    boolean generate,
    RuleOrigin origin) {
  public SigmaCorrelation {
    tags = List.copyOf(tags);
    rules = List.copyOf(rules);
    groupBy = List.copyOf(groupBy);
    aliases = Map.copyOf(aliases);
  }
}
