package dev.haechi.detection.rules;

import java.util.List;

/**
 * A Sigma global filter (Sigma filters specification v2.1): the rules it applies to, by id or name,
 * and a detection whose condition, when true, suppresses their matches.
 */
public record SigmaFilter(
    String id,
    String title,
    LogSource logsource,
    List<String> rules,
    Detection detection,
    RuleOrigin origin) {
  public SigmaFilter {
    rules = List.copyOf(rules);
  }
}
