package dev.haechi.detection.rules;

import java.util.List;

/**
 * A Sigma detection rule as written, with the file (and YAML document number) it came from. The
 * {@code name} is the optional correlation name; {@code level} defaults to {@code medium}.
 */
public record SigmaRule(
    String id,
    String name,
    String title,
    String status,
    String level,
    List<String> tags,
    LogSource logsource,
    Detection detection,
    RuleOrigin origin) {
  public SigmaRule {
    tags = List.copyOf(tags);
  }

  /** This rule with another detection (used to apply filters). */
  public SigmaRule withDetection(Detection other) {
    return new SigmaRule(id, name, title, status, level, tags, logsource, other, origin);
  }
}
