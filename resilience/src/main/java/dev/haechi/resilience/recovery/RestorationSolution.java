package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import java.util.List;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): the crews, the tasks
 * they share, what the score needs to decode them, and the score.
 */
@PlanningSolution
public class RestorationSolution {
  @PlanningEntityCollectionProperty private List<CrewRoute> crews;

  @ProblemFactCollectionProperty @ValueRangeProvider private List<TaskVisit> visits;

  @PlanningScore private HardMediumSoftLongScore score;

  private ScoreContext context;

  public RestorationSolution() {}

  RestorationSolution(List<CrewRoute> crews, List<TaskVisit> visits, ScoreContext context) {
    this.crews = crews;
    this.visits = visits;
    this.context = context;
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

  ScoreContext context() {
    return context;
  }

  /** The compiled problem and objective the score decodes crew orders with (shared by clones). */
  static final class ScoreContext {
    final TaskGraph graph;
    final Objective objective;

    ScoreContext(TaskGraph graph, Objective objective) {
      this.graph = graph;
      this.objective = objective;
    }
  }
}
