package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import java.util.List;

/** What {@code haechi resilience assess} prints: {@code {"findings":[…],"summary":{…}}}. */
public record AssessmentResult(List<Finding> findings, AssessmentSummary summary) {
  public AssessmentResult {
    findings = List.copyOf(findings);
  }

  /** The findings of one type, in report order. */
  public List<Finding> ofType(String type) {
    return findings.stream().filter(f -> f.type().equals(type)).toList();
  }
}
