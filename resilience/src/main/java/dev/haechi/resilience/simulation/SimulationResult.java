package dev.haechi.resilience.simulation;

import java.util.List;

/**
 * The outcome of one scenario in the shape of FORMATS.md §4 {@code simulate}: {@code
 * {"stopped":[refs],"destroyed":[refs],"dataLoss":[{"entity","lost"}],"summary":{…}}}. References
 * are sorted. {@code destroyed} holds components and resources with a placement that burned, and
 * the backups and power assets that burned.
 */
public record SimulationResult(
    List<String> stopped,
    List<String> destroyed,
    List<DataLoss> dataLoss,
    SimulationSummary summary) {
  public SimulationResult {
    stopped = List.copyOf(stopped);
    destroyed = List.copyOf(destroyed);
    dataLoss = List.copyOf(dataLoss);
  }
}
