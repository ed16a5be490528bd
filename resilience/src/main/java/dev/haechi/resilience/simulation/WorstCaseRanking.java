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
 * <p>Runs on the common fork-join pool in as many parts as there are processors, each part with its
 * own {@link Simulator} and scratch buffers, dropped when the ranking returns.
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
    // One simulator (with its scratch buffers) per part; parts take every k-th target so that
    // expensive neighbours spread evenly.
    int parts = Math.max(1, Math.min(total, Runtime.getRuntime().availableProcessors()));
    List<RankedTarget> ranked =
        new ArrayList<>(
            IntStream.range(0, parts)
                .parallel()
                .mapToObj(
                    p -> {
                      Simulator sim = new Simulator(graph);
                      List<RankedTarget> out = new ArrayList<>();
                      for (int i = p; i < total; i += parts) {
                        BlastRadius r =
                            i < zones ? sim.fireInZone(i, t) : sim.fireInSite(i - zones, t);
                        String target =
                            i < zones
                                ? "zone:" + graph.zoneName(i)
                                : "site:" + graph.siteName(i - zones);
                        out.add(
                            new RankedTarget(
                                target,
                                r.impact(weights),
                                r.stoppedCount(),
                                r.destroyedCount(),
                                r.dataLostForGoodCount(),
                                r.summary()));
                      }
                      return out;
                    })
                .flatMap(List::stream)
                .toList());
    ranked.sort(
        Comparator.comparingLong(RankedTarget::impact)
            .reversed()
            .thenComparing(RankedTarget::target));
    return List.copyOf(ranked);
  }
}
