package dev.haechi.resilience.recovery;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): one task as an element
 * of a crew's list; {@link #getId()} is its index in the problem.
 */
public class TaskVisit {
  private int id;

  public TaskVisit() {}

  TaskVisit(int id) {
    this.id = id;
  }

  public int getId() {
    return id;
  }
}
