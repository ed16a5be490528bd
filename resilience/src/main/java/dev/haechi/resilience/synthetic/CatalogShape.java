package dev.haechi.resilience.synthetic;

/**
 * The size of a generated catalog.
 *
 * @param workloads components and resources together
 * @param dependencyEdges {@code dependsOn} entries in all (fewer when the catalog is too small to
 *     hold that many distinct edges)
 * @param seed the random seed; the same shape and seed give the same catalog
 */
public record CatalogShape(int sites, int zones, int workloads, int dependencyEdges, long seed) {

  public CatalogShape {
    if (sites < 1 || zones < sites || workloads < 0 || dependencyEdges < 0) {
      throw new IllegalArgumentException("need sites >= 1, zones >= sites, non-negative counts");
    }
  }

  /** The benchmark target of issue 5: 100,000 entities, 1,000 zones, 1,000,000 edges. */
  public static CatalogShape benchmark(long seed) {
    return new CatalogShape(10, 1_000, 100_000, 1_000_000, seed);
  }
}
