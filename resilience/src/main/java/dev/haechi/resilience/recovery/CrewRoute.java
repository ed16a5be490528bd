package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.entity.PlanningPinToIndex;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;
import java.util.ArrayList;
import java.util.List;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): one crew and the tasks
 * it does, in order. A task the crew has started is first and pinned there.
 */
@PlanningEntity
public class CrewRoute {
  @PlanningId private Integer index;

  @PlanningListVariable private List<TaskVisit> visits = new ArrayList<>();

  @PlanningPinToIndex private int pinned;

  public CrewRoute() {}

  CrewRoute(int index) {
    this.index = index;
  }

  public int getIndex() {
    return index;
  }

  public List<TaskVisit> getVisits() {
    return visits;
  }

  void pinFirst(int count) {
    pinned = count;
  }
}
