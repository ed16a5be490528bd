package dev.haechi.app.resilience;

import java.time.Instant;
import java.util.List;

/**
 * One imported version of a named catalog: who imported it, when, from where, and what changed
 * since the version before (entity references added, removed or changed).
 */
public record CatalogVersion(
    long id,
    String name,
    int version,
    Instant importedAt,
    String importedBy,
    String source,
    int entities,
    Changes changes) {

  /** Entity references, sorted, that differ from the previous version. */
  public record Changes(List<String> added, List<String> removed, List<String> changed) {
    public static final Changes NONE = new Changes(List.of(), List.of(), List.of());
  }
}
