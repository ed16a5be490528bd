package dev.haechi.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.haechi.resilience.synthetic.CatalogShape;
import org.junit.jupiter.api.Test;

/** A tiny run of the resilience benchmark, so that CI proves it still works. */
class ResilienceBenchmarkRunSmokeTest {

  @Test
  void a_tiny_catalog_is_loaded_simulated_and_ranked() throws Exception {
    var r = ResilienceBenchmarkRun.run(new CatalogShape(2, 10, 300, 900, 1L), 10);
    assertEquals(300, r.workloads());
    assertEquals(10, r.zones());
    assertTrue(r.rankedTargets() >= 10, "every zone (and site) is ranked: " + r.rankedTargets());
    assertTrue(r.simulationP99Ms() >= r.simulationMedianMs());
  }
}
