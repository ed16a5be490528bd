package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how the planner searches.
 *
 * @param timeLimit the solver stops after this much time at most
 * @param unimprovedLimit the solver stops earlier when its best plan has not improved for this long
 * @param randomSeed seeds the solver's search (same seed and same number of steps → same plan)
 * @param makespanWeight the makespan's weight against the weighted completion in the score, or 0
 *     for the default (the sum of the tasks' grade weights)
 */
public record PlannerOptions(
    Duration timeLimit, Duration unimprovedLimit, long randomSeed, long makespanWeight) {
  public PlannerOptions {
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(unimprovedLimit, "unimprovedLimit");
    if (timeLimit.isNegative() || unimprovedLimit.isNegative() || makespanWeight < 0) {
      throw new IllegalArgumentException("planner limits and weights must not be negative");
    }
  }

  /** 30 s at most, stopping after 10 s without improvement; seed 0; default makespan weight. */
  public static PlannerOptions defaults() {
    return new PlannerOptions(Duration.ofSeconds(30), Duration.ofSeconds(10), 0L, 0L);
  }

  /** The defaults with another time limit (and an unimproved limit of a third of it). */
  public static PlannerOptions withTimeLimit(Duration timeLimit) {
    return new PlannerOptions(timeLimit, timeLimit.dividedBy(3), 0L, 0L);
  }
}
