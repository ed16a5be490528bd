package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;
import ai.timefold.solver.core.api.domain.variable.PreviousElementShadowVariable;
import ai.timefold.solver.core.api.domain.variable.ShadowSources;
import ai.timefold.solver.core.api.domain.variable.ShadowVariable;
import ai.timefold.solver.core.api.domain.variable.ShadowVariablesInconsistent;
import java.util.ArrayList;
import java.util.List;

/**
 * Solver model (internal to the planner, public for Timefold's reflection): one task as an element
 * of a crew's list. Its finish is a declarative shadow variable: the task starts when its crew is
 * done with the previous task, every task it waits for has finished, and not before its release
 * (now, or the latest finish of what it waits for that is already finished); a started task keeps
 * its reported start. Orders that make tasks wait on each other across crews leave the finish
 * inconsistent, which a hard constraint penalises.
 */
@PlanningEntity
public class TaskVisit {
  @PlanningId private Integer id;
  private long duration;
  private long weight;
  private long rto;
  private long release;
  private long fixedStart;
  private boolean[] eligible;
  private List<TaskVisit> predecessors;

  @InverseRelationShadowVariable(sourceVariableName = "visits")
  private CrewRoute crew;

  @PreviousElementShadowVariable(sourceVariableName = "visits")
  private TaskVisit previous;

  @ShadowVariable(supplierName = "finishSupplier")
  private Long finish;

  @ShadowVariablesInconsistent private boolean inconsistent;

  public TaskVisit() {}

  TaskVisit(
      int id,
      long duration,
      long weight,
      long rto,
      long release,
      long fixedStart,
      boolean[] eligible) {
    this.id = id;
    this.duration = duration;
    this.weight = weight;
    this.rto = rto;
    this.release = release;
    this.fixedStart = fixedStart;
    this.eligible = eligible;
    this.predecessors = new ArrayList<>();
  }

  @ShadowSources({"previous.finish", "crew", "predecessors[].finish"})
  public Long finishSupplier() {
    if (crew == null) {
      return null;
    }
    if (fixedStart >= 0) {
      return fixedStart + duration;
    }
    long t = release;
    if (previous != null) {
      if (previous.finish == null) {
        return null;
      }
      t = Math.max(t, previous.finish);
    }
    for (TaskVisit p : predecessors) {
      if (p.finish == null) {
        return null;
      }
      t = Math.max(t, p.finish);
    }
    return t + duration;
  }

  public int getId() {
    return id;
  }

  List<TaskVisit> predecessors() {
    return predecessors;
  }

  public CrewRoute getCrew() {
    return crew;
  }

  public Long getFinish() {
    return finish;
  }

  /** Finish, or 0 while not known (for the makespan collector). */
  public long finishOrZero() {
    return finish == null ? 0 : finish;
  }

  public boolean isInconsistent() {
    return inconsistent;
  }

  public boolean onIneligibleCrew() {
    return crew != null && !eligible[crew.getIndex()];
  }

  public long weightedFinish() {
    return finish == null ? 0 : weight * finish;
  }

  /** Grade weight × minutes past the RTO, or 0. */
  public long weightedRtoBreach() {
    return finish == null || rto < 0 || finish <= rto ? 0 : weight * (finish - rto);
  }
}
