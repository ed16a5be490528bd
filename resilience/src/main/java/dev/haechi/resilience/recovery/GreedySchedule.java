package dev.haechi.resilience.recovery;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The baseline: grade-first list scheduling. Whenever a crew is free, the ready tasks (everything
 * they wait for is back) are taken in order of grade (1 first, ungraded last), then RTO (shortest
 * first, none last), then system name, each by the free crew that may take it and has been free
 * longest (then the first in crew order).
 *
 * <p>Design note: this is Graham's list scheduling (R. L. Graham, "Bounds on multiprocessing timing
 * anomalies", SIAM J. Appl. Math. 17(2), 1969) with a grade-first priority list; it never leaves a
 * crew idle while a task it may take is ready, so with identical crews its makespan is at most
 * {@code (2 - 1/m)} times the optimum. Deterministic.
 */
public final class GreedySchedule {
  private GreedySchedule() {}

  /** The greedy plan of a feasible problem, or null when the problem is infeasible. */
  public static ScheduleFigures figures(RestorationProblem problem) {
    if (!problem.feasible()) {
      return null;
    }
    TaskGraph g = TaskGraph.of(problem);
    return of(g).figures(g);
  }

  static Schedule of(TaskGraph g) {
    List<RestorationTask> tasks = g.problem.tasks();
    Integer[] order = new Integer[g.n];
    for (int i = 0; i < g.n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, priority(g));
    double[] key = new double[g.n];
    for (int k = 0; k < g.n; k++) {
      key[order[k]] = k;
    }
    return ListScheduler.run(g, key, Long.MAX_VALUE, new long[tasks.size()]);
  }

  private static Comparator<Integer> priority(TaskGraph g) {
    List<RestorationTask> tasks = g.problem.tasks();
    return Comparator.<Integer>comparingInt(
            i -> tasks.get(i).grade() >= 1 && tasks.get(i).grade() <= 4 ? tasks.get(i).grade() : 5)
        .thenComparingLong(i -> g.rto[i] < 0 ? Long.MAX_VALUE : g.rto[i])
        .thenComparing(i -> tasks.get(i).system());
  }
}
