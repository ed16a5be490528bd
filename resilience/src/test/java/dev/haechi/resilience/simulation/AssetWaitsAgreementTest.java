package dev.haechi.resilience.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.Zone;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.AssetWaits;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.recovery.RestorationTask;
import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Power and cooling assets destroyed by fire as restoration tasks (issue 14 item 4), on random
 * catalogs with nested zones, UPSes, chillers and generators: the work-list computation of what
 * each zone waits for equals the naive fixed point, and both agree with the naive simulator: a zone
 * that did not burn waits for something exactly when the fire stopped it, and runs again (naive
 * simulator with only the other destroyed assets lost) once what it waits for is rebuilt.
 */
class AssetWaitsAgreementTest {
  private static final Instant AT = Instant.parse("2025-09-26T11:20:00Z");

  @Property(tries = 150)
  void zone_waits_agree_with_the_naive_fixed_point_and_the_naive_simulator(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
      @ForAll @IntRange(min = 1, max = 3) int sites,
      @ForAll @IntRange(min = 1, max = 8) int zonesPerSite,
      @ForAll @IntRange(min = 0, max = 30) int workloads) {
    Catalog catalog =
        CatalogLoader.load(
                CatalogGenerator.yaml(
                    new CatalogShape(sites, sites * zonesPerSite, workloads, workloads * 2, seed)))
            .catalog();
    NaiveSimulator naive = new NaiveSimulator(catalog);
    Simulator fast = new Simulator(CatalogGraph.compile(catalog));
    SplittableRandom random = new SplittableRandom(seed);
    List<String> zones = catalog.zones().stream().map(Zone::name).toList();
    for (int run = 0; run < 4; run++) {
      List<Loss> losses = new ArrayList<>();
      for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
        losses.add(new Loss(LossKind.ZONE, zones.get(random.nextInt(zones.size()))));
      }
      Scenario fire = new Scenario(losses, Event.FIRE, AT);
      SimulationResult outcome = fast.run(fire).toResult();
      List<String> destroyed =
          outcome.destroyed().stream()
              .filter(r -> r.startsWith("powerasset:"))
              .map(r -> r.substring(r.lastIndexOf('/') + 1))
              .toList();
      AssetWaits waits = AssetWaits.compute(catalog, destroyed);
      assertThat(waits).as("%s", fire).isEqualTo(AssetWaits.naive(catalog, destroyed));
      NaiveSimulator.ZoneState state = naive.zones(fire);
      for (String z : zones) {
        if (state.burned().contains(z)) {
          continue;
        }
        Set<String> w = waits.zone(z);
        assertThat(!w.isEmpty())
            .as("%s waits for %s after %s", z, w, fire)
            .isEqualTo(state.down().contains(z));
        if (!w.isEmpty()) {
          List<Loss> rest =
              destroyed.stream()
                  .filter(a -> !w.contains(a))
                  .map(a -> new Loss(LossKind.ASSET, a))
                  .toList();
          assertThat(naive.zones(new Scenario(rest, Event.POWER, AT)).down())
              .as("%s runs again once %s are rebuilt after %s", z, w, fire)
              .doesNotContain(z);
        }
      }
      // every destroyed asset is a task; what a task waits for is a task
      RestorationProblem problem =
          RestorationProblem.fromSimulation(catalog, outcome, Crew.count(3));
      assertThat(problem.tasks().stream().map(RestorationTask::system).toList())
          .containsAll(destroyed.stream().map(a -> "powerasset:default/" + a).toList());
      assertThat(problem.feasible()).as("%s", problem.infeasibilities()).isTrue();
    }
  }
}
