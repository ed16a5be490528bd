package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import java.util.List;
import java.util.Map;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): the crews, the tasks
 * they share, and the score.
 */
@PlanningSolution
public class RestorationSolution {
  @PlanningEntityCollectionProperty private List<CrewRoute> crews;

  @PlanningEntityCollectionProperty @ValueRangeProvider private List<TaskVisit> visits;

  @PlanningScore private HardMediumSoftLongScore score;

  /** The makespan's weight in the medium score (see {@link RestorationConstraints}). */
  private ConstraintWeightOverrides<HardMediumSoftLongScore> weights;

  public RestorationSolution() {}

  RestorationSolution(List<CrewRoute> crews, List<TaskVisit> visits, long makespanWeight) {
    this.crews = crews;
    this.visits = visits;
    this.weights =
        ConstraintWeightOverrides.of(
            Map.of(
                RestorationConstraints.MAKESPAN, HardMediumSoftLongScore.ofMedium(makespanWeight)));
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

  public ConstraintWeightOverrides<HardMediumSoftLongScore> getWeights() {
    return weights;
  }
}
