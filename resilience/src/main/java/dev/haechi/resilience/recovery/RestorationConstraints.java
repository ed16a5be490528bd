package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;

/**
 * The planner's score, one method per constraint (the same order as {@link Objective}).
 *
 * <table>
 *   <caption>Constraints</caption>
 *   <tr><th>constraint</th><th>level</th><th>penalty</th></tr>
 *   <tr><td>crew may not take task</td><td>hard</td><td>1 per task on a crew of another site or
 *       skill</td></tr>
 *   <tr><td>tasks wait on each other</td><td>hard</td><td>1 per task whose start cannot be computed
 *       (crew orders that wait on each other across crews)</td></tr>
 *   <tr><td>makespan over target</td><td>medium</td><td>minutes the last finish exceeds the target
 *       (the proven bound plus the tolerance)</td></tr>
 *   <tr><td>weighted completion</td><td>soft</td><td>grade weight × finish minute</td></tr>
 *   <tr><td>RTO breach</td><td>soft</td><td>grade weight × minutes past the RTO (so a breached
 *       minute counts twice)</td></tr>
 *   <tr><td>makespan</td><td>soft</td><td>the last finish × the makespan weight (0 by
 *       default)</td></tr>
 * </table>
 */
public class RestorationConstraints implements ConstraintProvider {
  @Override
  public Constraint[] defineConstraints(ConstraintFactory f) {
    return new Constraint[] {
      crewMayNotTakeTask(f),
      tasksWaitOnEachOther(f),
      makespanOverTarget(f),
      weightedCompletion(f),
      rtoBreach(f),
      makespan(f)
    };
  }

  Constraint crewMayNotTakeTask(ConstraintFactory f) {
    return f.forEach(TaskVisit.class)
        .filter(TaskVisit::onIneligibleCrew)
        .penalize(HardMediumSoftLongScore.ONE_HARD)
        .asConstraint("crew may not take task");
  }

  Constraint tasksWaitOnEachOther(ConstraintFactory f) {
    return f.forEachUnfiltered(TaskVisit.class)
        .filter(TaskVisit::isInconsistent)
        .penalize(HardMediumSoftLongScore.ONE_HARD)
        .asConstraint("tasks wait on each other");
  }

  Constraint makespanOverTarget(ConstraintFactory f) {
    return f.forEach(TaskVisit.class)
        .groupBy(ConstraintCollectors.max(TaskVisit::finishOrZero))
        .join(PlanTarget.class)
        .filter((last, t) -> last > t.getTarget())
        .penalizeLong(HardMediumSoftLongScore.ONE_MEDIUM, (last, t) -> last - t.getTarget())
        .asConstraint("makespan over target");
  }

  Constraint weightedCompletion(ConstraintFactory f) {
    return f.forEach(TaskVisit.class)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, TaskVisit::weightedFinish)
        .asConstraint("weighted completion");
  }

  Constraint rtoBreach(ConstraintFactory f) {
    return f.forEach(TaskVisit.class)
        .filter(v -> v.weightedRtoBreach() > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, TaskVisit::weightedRtoBreach)
        .asConstraint("RTO breach");
  }

  Constraint makespan(ConstraintFactory f) {
    return f.forEach(TaskVisit.class)
        .groupBy(ConstraintCollectors.max(TaskVisit::finishOrZero))
        .join(PlanTarget.class)
        .filter((last, t) -> t.getMakespanWeight() > 0)
        .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, (last, t) -> last * t.getMakespanWeight())
        .asConstraint("makespan");
  }
}
