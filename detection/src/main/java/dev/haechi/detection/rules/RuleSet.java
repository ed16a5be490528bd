package dev.haechi.detection.rules;

import java.util.List;

/**
 * Everything loaded from a set of Sigma files: detection rules, correlation rules, global filters,
 * and the report of documents that could not be taken.
 */
public record RuleSet(
    List<SigmaRule> rules,
    List<SigmaCorrelation> correlations,
    List<SigmaFilter> filters,
    LoadReport report) {
  public RuleSet {
    rules = List.copyOf(rules);
    correlations = List.copyOf(correlations);
    filters = List.copyOf(filters);
  }
}
