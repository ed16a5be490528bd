/**
 * Runs a scenario: builds the world, generates telemetry from the seed, feeds the production
 * detection engine in simulated time, applies failures through the simulator and planner, and
 * scores the outcome.
 */
package dev.haechi.exercise.run;
