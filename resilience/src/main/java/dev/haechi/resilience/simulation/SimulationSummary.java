package dev.haechi.resilience.simulation;

import java.util.Map;

/**
 * Counts of a simulation. {@code byGrade} is keyed {@code "1"}–{@code "4"} and {@code "ungraded"},
 * always with all five keys, in that order.
 *
 * @param destroyed components and resources destroyed (backups and assets are counted apart)
 */
public record SimulationSummary(
    int stopped,
    int destroyed,
    int destroyedBackups,
    int destroyedAssets,
    int dataLoss,
    int dataLostForGood,
    Map<String, GradeCount> byGrade) {
  public SimulationSummary {
    byGrade = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byGrade));
  }
}
