package dev.haechi.resilience.catalog;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a successful load left aside: the kinds Haechi does not use with how many entities of each
 * were skipped, warnings (unknown {@code haechi.dev/} annotations, unknown spec fields, references
 * to entities outside the catalog), the files or documents that are not catalog entities at all
 * (OpenAPI documents, CI workflows, text that is not YAML) with why each was skipped, and the
 * references kept as external: entities named by {@code spec.dependsOn} that the catalog does not
 * hold, taken to be running.
 */
public record LoadReport(
    Map<String, Integer> skippedKinds,
    List<CatalogProblem> warnings,
    List<CatalogProblem> skippedFiles,
    Set<EntityRef> externalRefs) {
  public LoadReport {
    skippedKinds = Collections.unmodifiableMap(new TreeMap<>(skippedKinds));
    warnings = List.copyOf(warnings);
    skippedFiles = List.copyOf(skippedFiles);
    externalRefs = Collections.unmodifiableSet(new TreeSet<>(externalRefs));
  }

  public LoadReport(Map<String, Integer> skippedKinds, List<CatalogProblem> warnings) {
    this(skippedKinds, warnings, List.of(), Set.of());
  }

  /** One line per note, for a terminal: skipped kinds, skipped files, then warnings. */
  public List<String> describe() {
    List<String> lines = new java.util.ArrayList<>();
    if (!skippedKinds.isEmpty()) {
      lines.add("kinds Haechi does not model, skipped: " + skippedKinds);
    }
    skippedFiles.forEach(p -> lines.add(p.toString()));
    warnings.forEach(p -> lines.add("warning: " + p));
    return lines;
  }
}
