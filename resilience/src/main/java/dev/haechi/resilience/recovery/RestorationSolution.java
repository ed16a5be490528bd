package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import java.util.List;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): the crews, the tasks
 * they share, the makespan target, and the score.
 */
@PlanningSolution
public class RestorationSolution {
  @PlanningEntityCollectionProperty private List<CrewRoute> crews;

  @PlanningEntityCollectionProperty @ValueRangeProvider private List<TaskVisit> visits;

  @ProblemFactProperty private PlanTarget target;

  @PlanningScore private HardMediumSoftLongScore score;

  public RestorationSolution() {}

  RestorationSolution(List<CrewRoute> crews, List<TaskVisit> visits, PlanTarget target) {
    this.crews = crews;
    this.visits = visits;
    this.target = target;
  }

  public List<CrewRoute> getCrews() {
    return crews;
  }

  public List<TaskVisit> getVisits() {
    return visits;
  }

  public HardMediumSoftLongScore getScore() {
    return score;
  }
}
