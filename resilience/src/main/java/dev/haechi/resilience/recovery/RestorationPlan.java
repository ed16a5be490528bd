package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A restoration schedule with its quality: figures, proven lower bounds and the gaps to them, the
 * greedy grade-first schedule's figures for comparison, and ETAs per system and public service.
 * Times are offsets from the event, in whole minutes.
 *
 * @param tasks every task, in the problem's order
 * @param figures this plan's makespan, weighted completion and RTO breaches
 * @param bounds proven lower bounds (no plan does better)
 * @param makespanGapPercent how far the makespan is above its bound, in percent of the bound
 * @param weightedGapPercent the same for the weighted completion time
 * @param greedy the figures of the greedy grade-first schedule of the same problem and progress
 * @param solveTime wall time spent planning
 * @param score the solver's final score ({@code hard/medium/soft}), or {@code greedy} when the
 *     greedy schedule was kept
 * @param now the time of the progress this plan starts from
 * @param stoppedBecause why the search ended (within the gap of the bound, no improvement worth
 *     having for a stretch, the time limit, or no search needed)
 */
public record RestorationPlan(
    List<PlannedTask> tasks,
    ScheduleFigures figures,
    LowerBounds bounds,
    double makespanGapPercent,
    double weightedGapPercent,
    ScheduleFigures greedy,
    Duration solveTime,
    String score,
    List<ServiceEta> serviceEtas,
    Duration now,
    String stoppedBecause) {

  public RestorationPlan {
    tasks = List.copyOf(tasks);
    serviceEtas = List.copyOf(serviceEtas);
  }

  public Duration makespan() {
    return Duration.ofMinutes(figures.makespan());
  }

  /** When a system is expected back (its task's finish), if it is a task of this plan. */
  public Optional<Duration> eta(String system) {
    return tasks.stream()
        .filter(t -> t.system().equals(system))
        .findFirst()
        .map(PlannedTask::finish);
  }

  /** Every task's finish, by system. */
  public Map<String, Duration> systemEtas() {
    Map<String, Duration> m = new HashMap<>();
    for (PlannedTask t : tasks) {
      m.put(t.system(), t.finish());
    }
    return Map.copyOf(m);
  }
}
