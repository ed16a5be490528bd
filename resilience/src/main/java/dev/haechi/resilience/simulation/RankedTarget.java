package dev.haechi.resilience.simulation;

/**
 * One line of a worst-case ranking: a fire in {@code target} ({@code zone:NAME} or {@code
 * site:NAME}) and what it would do.
 */
public record RankedTarget(
    String target,
    long impact,
    int stopped,
    int destroyed,
    int dataLostForGood,
    SimulationSummary summary) {}
