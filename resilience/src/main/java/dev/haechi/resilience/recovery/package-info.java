/**
 * Restoration planning after a disaster: which crew brings which system back, and when.
 *
 * <p>Stages: {@link dev.haechi.resilience.recovery.RestorationProblem} (tasks from a catalog and a
 * simulation outcome, crews) → {@link dev.haechi.resilience.recovery.LowerBounds} (proven bounds)
 * and {@link dev.haechi.resilience.recovery.GreedySchedule} (the grade-first baseline) → {@link
 * dev.haechi.resilience.recovery.RestorationPlanner} (Timefold Solver, seeded with the greedy
 * schedule) → {@link dev.haechi.resilience.recovery.RestorationPlan}; live work is pinned with
 * {@link dev.haechi.resilience.recovery.ReportedProgress} and tracked by {@link
 * dev.haechi.resilience.recovery.RestorationTracker}. Times are whole minutes after the event.
 */
package dev.haechi.resilience.recovery;
