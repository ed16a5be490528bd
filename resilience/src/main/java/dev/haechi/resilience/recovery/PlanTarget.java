package dev.haechi.resilience.recovery;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): the makespan target and
 * the makespan's weight, a problem fact the constraints join.
 */
public class PlanTarget {
  private long target;
  private long makespanWeight;

  public PlanTarget() {}

  PlanTarget(long target, long makespanWeight) {
    this.target = target;
    this.makespanWeight = makespanWeight;
  }

  public long getTarget() {
    return target;
  }

  public long getMakespanWeight() {
    return makespanWeight;
  }
}
