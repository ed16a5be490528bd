package dev.haechi.resilience.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A Backstage {@code Component} or {@code Resource} with its Haechi annotations: what it is, how
 * important it is, where it runs and what it depends on.
 *
 * @param grade 1 (essential) to 4, or 0 when the catalog gives none
 * @param rto recovery time objective, or null
 * @param rpo recovery point objective, or null
 * @param restoreEffort crew time to bring it back when its placement is lost, or null
 * @param replicaLag how far an async replica trails its primary ({@code haechi.dev/replica-lag},
 *     default {@link #DEFAULT_REPLICA_LAG})
 * @param dependsOn resolved references to components and resources ({@code spec.dependsOn}, plus
 *     the inverse of other entities' {@code spec.dependencyOf})
 * @param system the {@code spec.system} reference, or null
 */
public record Workload(
    EntityRef ref,
    WorkloadKind kind,
    String type,
    int grade,
    Duration rto,
    Duration rpo,
    List<Placement> placements,
    List<EntityRef> dependsOn,
    Duration restoreEffort,
    String publicName,
    Duration replicaLag,
    EntityRef system,
    Source source) {

  /** Lag assumed for an async replica whose entity does not say (a conservative 15 minutes). */
  public static final Duration DEFAULT_REPLICA_LAG = Duration.ofMinutes(15);

  public Workload {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(kind, "kind");
    placements = List.copyOf(placements);
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(replicaLag, "replicaLag");
    Objects.requireNonNull(source, "source");
  }

  /** True when a grade is given and it is 1 or 2. */
  public boolean critical() {
    return grade == 1 || grade == 2;
  }

  /**
   * True when the entity keeps data whose loss matters: a Resource, or anything with a data role in
   * its placements.
   */
  public boolean holdsData() {
    if (kind == WorkloadKind.RESOURCE) {
      return true;
    }
    for (Placement p : placements) {
      if (p.role().forResources()) {
        return true;
      }
    }
    return false;
  }

  /** The distinct zones it is placed in. */
  public List<String> zones() {
    return placements.stream().map(Placement::zone).distinct().toList();
  }
}
