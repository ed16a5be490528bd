package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how the planner searches.
 *
 * @param timeLimit the solver stops after this much time at most
 * @param unimprovedLimit the solver stops earlier when its best plan has not improved for this long
 * @param randomSeed seeds the solver's search (same seed and same number of steps → same plan)
 * @param makespanTolerancePercent the plan first keeps the makespan within this many percent of its
 *     proven lower bound (as far as it can), and only then minimises weighted completion
 * @param makespanWeight the makespan's weight against the weighted completion within that tolerance
 *     (0 = none)
 */
public record PlannerOptions(
    Duration timeLimit,
    Duration unimprovedLimit,
    long randomSeed,
    double makespanTolerancePercent,
    long makespanWeight) {
  public PlannerOptions {
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(unimprovedLimit, "unimprovedLimit");
    if (timeLimit.isNegative()
        || unimprovedLimit.isNegative()
        || makespanWeight < 0
        || !(makespanTolerancePercent >= 0)) {
      throw new IllegalArgumentException("planner limits and weights must not be negative");
    }
  }

  /** Default makespan tolerance: 2% above the proven bound. */
  public static final double DEFAULT_MAKESPAN_TOLERANCE_PERCENT = 2.0;

  /** 30 s at most, stopping after 10 s without improvement; seed 0; 2% makespan tolerance. */
  public static PlannerOptions defaults() {
    return withTimeLimit(Duration.ofSeconds(30));
  }

  /** The defaults with another time limit (and an unimproved limit of a third of it). */
  public static PlannerOptions withTimeLimit(Duration timeLimit) {
    return new PlannerOptions(
        timeLimit, timeLimit.dividedBy(3), 0L, DEFAULT_MAKESPAN_TOLERANCE_PERCENT, 0L);
  }
}
