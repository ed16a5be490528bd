package dev.haechi.app.resilience;

import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;

/**
 * A stored catalog version loaded and compiled for the engines. The simulator reuses scratch
 * buffers, so runs are serialised on it.
 */
public final class CompiledCatalog {
  private final CatalogVersion version;
  private final LoadedCatalog loaded;
  private final CatalogGraph graph;
  private final Simulator simulator;

  CompiledCatalog(CatalogVersion version, LoadedCatalog loaded) {
    this.version = version;
    this.loaded = loaded;
    this.graph = CatalogGraph.compile(loaded.catalog());
    this.simulator = new Simulator(graph);
  }

  public CatalogVersion version() {
    return version;
  }

  public LoadedCatalog loaded() {
    return loaded;
  }

  public CatalogGraph graph() {
    return graph;
  }

  public SimulationResult simulate(Scenario scenario) {
    synchronized (simulator) {
      return simulator.run(scenario).toResult();
    }
  }
}
