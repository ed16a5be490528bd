package dev.haechi.resilience.risk;

import java.time.LocalDate;
import java.util.Map;

/**
 * Counts of an assessment: findings by severity (all five keys, most severe first) and by type (the
 * ten types, in FORMATS.md order), and the size of what was assessed.
 */
public record AssessmentSummary(
    LocalDate asOf,
    int findings,
    Map<String, Integer> bySeverity,
    Map<String, Integer> byType,
    int entities,
    int zones,
    int sites,
    int powerAssets,
    int backups) {
  public AssessmentSummary {
    bySeverity = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bySeverity));
    byType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byType));
  }
}
