package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how the planner searches.
 *
 * @param timeLimit the solver stops after this much time at most
 * @param unimprovedLimit the solver stops earlier when its best plan has not improved for this long
 *     by at least {@link RestorationPlanner#MIN_IMPROVEMENT_PERCENT} of its cost (smaller gains,
 *     minutes on a plan of weeks, do not keep it searching)
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

  /** 30 s at most, stopping after 3 s without improvement; seed 0; 2% makespan tolerance. */
  public static PlannerOptions defaults() {
    return withTimeLimit(Duration.ofSeconds(30));
  }

  /**
   * The defaults with another time limit, and an unimproved limit of {@link
   * #unimprovedLimitFor(Duration)} of it.
   */
  public static PlannerOptions withTimeLimit(Duration timeLimit) {
    return new PlannerOptions(
        timeLimit, unimprovedLimitFor(timeLimit), 0L, DEFAULT_MAKESPAN_TOLERANCE_PERCENT, 0L);
  }

  /**
   * The default stretch without improvement that ends a search: a tenth of the time limit, at least
   * 1 s (and at most the limit). It was a third until issue 14's figures showed the solver spending
   * most of the 10 s limit on the government fire for gains of hundredths of a percent.
   */
  public static Duration unimprovedLimitFor(Duration timeLimit) {
    Duration d = timeLimit.dividedBy(10);
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      d = Duration.ofSeconds(1);
    }
    return d.compareTo(timeLimit) > 0 ? timeLimit : d;
  }

  /** These options with another solver seed. */
  public PlannerOptions withSeed(long seed) {
    return new PlannerOptions(
        timeLimit, unimprovedLimit, seed, makespanTolerancePercent, makespanWeight);
  }
}
