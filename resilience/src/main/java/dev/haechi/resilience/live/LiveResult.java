package dev.haechi.resilience.live;

import dev.haechi.core.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The live check's answer: open findings (FORMATS.md §4 live types), recovered breaches as history,
 * and a summary.
 */
public record LiveResult(List<Finding> findings, List<Episode> history, Summary summary) {
  public LiveResult {
    findings = List.copyOf(findings);
    history = List.copyOf(history);
  }

  /**
   * @param monitored entities that some report is about; only they get live findings (an entity
   *     nobody reports on is {@code resilience assess}'s concern)
   */
  public record Summary(
      Instant asOf,
      int reports,
      int monitored,
      int findings,
      Map<String, Integer> byType,
      int recovered) {}
}
