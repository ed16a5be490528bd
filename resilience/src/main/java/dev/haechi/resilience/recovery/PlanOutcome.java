package dev.haechi.resilience.recovery;

import java.util.List;

/** What the planner returns: a plan, or why there is none (never an exception for either). */
public sealed interface PlanOutcome permits PlanOutcome.Planned, PlanOutcome.Infeasible {

  /** A plan exists. */
  record Planned(RestorationPlan plan) implements PlanOutcome {}

  /** No plan exists, with every reason and the entities that make it so. */
  record Infeasible(List<Infeasibility> reasons) implements PlanOutcome {
    public Infeasible {
      reasons = List.copyOf(reasons);
    }
  }
}
