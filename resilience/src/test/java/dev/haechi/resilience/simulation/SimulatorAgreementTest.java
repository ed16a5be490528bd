package dev.haechi.resilience.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The fast simulator (CSR, breadth-first, stamped scratch buffers) must agree with the naive
 * fixed-point simulator on random catalogs and random scenarios, including when one simulator
 * instance is reused for many runs.
 */
class SimulatorAgreementTest {
  private static final Instant AT = Instant.parse("2025-09-26T11:20:00Z");

  @Property(tries = 150)
  void fast_and_naive_simulators_agree_on_random_catalogs_and_scenarios(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
      @ForAll @IntRange(min = 1, max = 3) int sites,
      @ForAll @IntRange(min = 1, max = 8) int zonesPerSite,
      @ForAll @IntRange(min = 0, max = 40) int workloads,
      @ForAll @IntRange(min = 0, max = 120) int edges) {
    Catalog catalog =
        CatalogLoader.load(
                CatalogGenerator.yaml(
                    new CatalogShape(sites, sites * zonesPerSite, workloads, edges, seed)))
            .catalog();
    Simulator fast = new Simulator(CatalogGraph.compile(catalog));
    NaiveSimulator naive = new NaiveSimulator(catalog);
    SplittableRandom random = new SplittableRandom(seed);
    for (int run = 0; run < 5; run++) {
      Scenario scenario = randomScenario(catalog, random);
      assertThat(fast.run(scenario).toResult()).as("%s", scenario).isEqualTo(naive.run(scenario));
    }
  }

  @Property(tries = 30)
  void worst_case_ranking_matches_naive_simulation_of_every_zone_and_site(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed) {
    Catalog catalog =
        CatalogLoader.load(CatalogGenerator.yaml(new CatalogShape(2, 6, 30, 60, seed))).catalog();
    CatalogGraph graph = CatalogGraph.compile(catalog);
    NaiveSimulator naive = new NaiveSimulator(catalog);
    List<RankedTarget> expected = new ArrayList<>();
    List<Loss> targets = new ArrayList<>();
    catalog.zones().forEach(z -> targets.add(new Loss(LossKind.ZONE, z.name())));
    catalog.sites().forEach(s -> targets.add(new Loss(LossKind.SITE, s.name())));
    for (Loss target : targets) {
      SimulationResult r = naive.run(new Scenario(List.of(target), Event.FIRE, AT));
      long impact = 0;
      for (var w : catalog.workloads()) {
        boolean stopped = r.stopped().contains(w.ref().toString());
        boolean lost =
            r.dataLoss().stream()
                .anyMatch(d -> d.entity().equals(w.ref().toString()) && d.lostForGood());
        impact += (stopped ? 1 : 0) * ImpactWeights.DEFAULT.of(w.grade());
        impact += (lost ? 1 : 0) * ImpactWeights.DEFAULT.of(w.grade());
      }
      expected.add(
          new RankedTarget(
              target.toString(),
              impact,
              r.summary().stopped(),
              r.summary().destroyed(),
              r.summary().dataLostForGood(),
              r.summary()));
    }
    expected.sort(
        Comparator.comparingLong(RankedTarget::impact)
            .reversed()
            .thenComparing(RankedTarget::target));
    assertThat(WorstCaseRanking.rank(graph, AT)).isEqualTo(expected);
  }

  private static Scenario randomScenario(Catalog catalog, SplittableRandom random) {
    List<String> zones = catalog.zones().stream().map(z -> z.name()).toList();
    List<String> sites = catalog.sites().stream().map(s -> s.name()).toList();
    List<String> assets = catalog.powerAssets().stream().map(a -> a.name()).toList();
    List<Loss> losses = new ArrayList<>();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      int kind = random.nextInt(10);
      if (kind < 6) {
        losses.add(new Loss(LossKind.ZONE, zones.get(random.nextInt(zones.size()))));
      } else if (kind < 7) {
        losses.add(new Loss(LossKind.SITE, sites.get(random.nextInt(sites.size()))));
      } else {
        losses.add(new Loss(LossKind.ASSET, assets.get(random.nextInt(assets.size()))));
      }
    }
    Event event = Event.values()[random.nextInt(3)];
    return new Scenario(losses, event, AT.minusSeconds(random.nextInt(3) * 86_400L * 20));
  }
}
