package dev.haechi.resilience.simulation;

import dev.haechi.resilience.graph.CatalogGraph;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Simulates a fire in every zone and across every site and orders them by grade-weighted impact
 * ({@link BlastRadius#impact}), worst first; ties by target name.
 *
 * <p>Runs on the common fork-join pool, one {@link Simulator} (with its scratch buffers) per worker
 * thread.
 */
public final class WorstCaseRanking {
  private WorstCaseRanking() {}

  /** Ranks every zone and every site, measured at {@code at}, with the default weights. */
  public static List<RankedTarget> rank(CatalogGraph graph, Instant at) {
    return rank(graph, at, ImpactWeights.DEFAULT, true);
  }

  /**
   * Ranks fires in every zone (and, when {@code sites} is true, across every site).
   *
   * @param at the instant data loss is measured at
   */
  public static List<RankedTarget> rank(
      CatalogGraph graph, Instant at, ImpactWeights weights, boolean sites) {
    long t = at.getEpochSecond();
    int zones = graph.zoneCount();
    int total = zones + (sites ? graph.siteCount() : 0);
    ThreadLocal<Simulator> simulators = ThreadLocal.withInitial(() -> new Simulator(graph));
    List<RankedTarget> ranked =
        new ArrayList<>(
            IntStream.range(0, total)
                .parallel()
                .mapToObj(
                    i -> {
                      Simulator sim = simulators.get();
                      BlastRadius r =
                          i < zones ? sim.fireInZone(i, t) : sim.fireInSite(i - zones, t);
                      String target =
                          i < zones
                              ? "zone:" + graph.zoneName(i)
                              : "site:" + graph.siteName(i - zones);
                      return new RankedTarget(
                          target,
                          r.impact(weights),
                          r.stoppedCount(),
                          r.destroyedCount(),
                          r.dataLostForGoodCount(),
                          r.summary());
                    })
                .toList());
    ranked.sort(
        Comparator.comparingLong(RankedTarget::impact)
            .reversed()
            .thenComparing(RankedTarget::target));
    return List.copyOf(ranked);
  }
}
