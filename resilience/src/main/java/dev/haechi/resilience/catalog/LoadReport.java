package dev.haechi.resilience.catalog;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a successful load left aside: the kinds Haechi does not use with how many entities of each
 * were skipped, and warnings (unknown {@code haechi.dev/} annotations, unknown spec fields).
 */
public record LoadReport(Map<String, Integer> skippedKinds, List<CatalogProblem> warnings) {
  public LoadReport {
    skippedKinds = java.util.Collections.unmodifiableMap(new TreeMap<>(skippedKinds));
    warnings = List.copyOf(warnings);
  }
}
