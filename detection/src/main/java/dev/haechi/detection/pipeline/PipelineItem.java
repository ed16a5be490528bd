package dev.haechi.detection.pipeline;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One pySigma processing item: a transformation and the log-source rule conditions that decide
 * whether it applies ({@code rule_cond_op} and / or, {@code rule_cond_not}).
 */
public record PipelineItem(
    String id,
    UnaryOperator<RuleVariant> transformation,
    List<LogSourceMatch> conditions,
    boolean any,
    boolean negate) {
  public PipelineItem {
    conditions = List.copyOf(conditions);
  }

  boolean appliesTo(RuleVariant v) {
    boolean result;
    if (conditions.isEmpty()) {
      result = true;
    } else if (any) {
      result = conditions.stream().anyMatch(c -> c.matches(v.logsource()));
    } else {
      result = conditions.stream().allMatch(c -> c.matches(v.logsource()));
    }
    return result != negate;
  }
}
