package dev.haechi.app.recovery;

import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.recovery.RestorationTracker;
import java.time.Instant;
import java.util.List;

/**
 * One restoration under way: what was lost and when, the problem (tasks, crews), the tracker of
 * what crews reported, and the latest plan (recomputed after each report with reported work
 * pinned).
 */
public record Restoration(
    long id,
    String catalog,
    List<String> lost,
    String event,
    Instant eventAt,
    int crews,
    RestorationProblem problem,
    RestorationTracker tracker,
    RestorationPlan plan,
    Instant plannedAt) {

  Restoration withPlan(RestorationPlan newPlan, Instant at) {
    return new Restoration(id, catalog, lost, event, eventAt, crews, problem, tracker, newPlan, at);
  }
}
