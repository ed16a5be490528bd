/**
 * Disaster simulation: lose zones, sites or power assets and see what stops, what burns and what
 * data is gone ({@link dev.haechi.resilience.simulation.Simulator}, with its naive twin {@link
 * dev.haechi.resilience.simulation.NaiveSimulator}), and the worst-case ranking of every zone and
 * site ({@link dev.haechi.resilience.simulation.WorstCaseRanking}).
 */
package dev.haechi.resilience.simulation;
