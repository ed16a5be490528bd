package dev.haechi.resilience.recovery;

/**
 * The planner's objective, as the solver's score ranks it: first the minutes by which the makespan
 * exceeds its target (the proven bound plus a tolerance), then grade-weighted completion plus the
 * grade-weighted RTO breach plus {@code makespanWeight} × makespan.
 *
 * @param target the makespan target in minutes after the event
 * @param makespanWeight weight of the makespan in the second level (0 = none beyond the target)
 */
record Objective(long target, long makespanWeight) {

  static Objective of(LowerBounds bounds, PlannerOptions options) {
    long target =
        (long) Math.floor(bounds.makespan() * (1 + options.makespanTolerancePercent() / 100));
    return new Objective(Math.max(target, bounds.makespan()), options.makespanWeight());
  }

  long excess(ScheduleFigures f) {
    return Math.max(0, f.makespan() - target);
  }

  long cost(ScheduleFigures f) {
    return f.weightedCompletion() + f.weightedRtoBreach() + makespanWeight * f.makespan();
  }

  int compare(TaskGraph g, Schedule a, Schedule b) {
    return compare(a.figures(g), b.figures(g));
  }

  int compare(ScheduleFigures a, ScheduleFigures b) {
    int c = Long.compare(excess(a), excess(b));
    return c != 0 ? c : Long.compare(cost(a), cost(b));
  }
}
