package dev.haechi.resilience.recovery;

import java.util.ArrayList;
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
    int n = g.n;
    int[] crew = new int[n];
    long[] start = new long[n];
    long[] finish = new long[n];
    boolean[] scheduled = new boolean[n];
    int[] waiting = new int[n];
    long[] readyAt = new long[n];
    long[] free = g.crewAvailable();
    int left = 0;
    for (int i = 0; i < n; i++) {
      if (g.state[i] != TaskGraph.FREE) {
        crew[i] = g.fixedCrew[i];
        start[i] = g.fixedStart[i];
        finish[i] = g.fixedFinish[i];
        scheduled[i] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      readyAt[i] = g.now;
      if (g.state[i] == TaskGraph.FREE) {
        left++;
        for (int j : g.pred[i]) {
          if (scheduled[j]) {
            readyAt[i] = Math.max(readyAt[i], finish[j]);
          } else {
            waiting[i]++;
          }
        }
      }
    }
    Comparator<Integer> priority = priority(g);
    long t = g.now;
    while (left > 0) {
      List<Integer> ready = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (!scheduled[i] && waiting[i] == 0 && readyAt[i] <= t) {
          ready.add(i);
        }
      }
      ready.sort(priority);
      boolean assigned = false;
      for (int i : ready) {
        int best = -1;
        for (int c = 0; c < g.m; c++) {
          if (free[c] <= t && g.eligible[i][c] && (best < 0 || free[c] < free[best])) {
            best = c;
          }
        }
        if (best < 0) {
          continue;
        }
        crew[i] = best;
        start[i] = t;
        finish[i] = t + g.p[i];
        free[best] = finish[i];
        scheduled[i] = true;
        left--;
        assigned = true;
        for (int k : g.succ[i]) {
          if (g.state[k] == TaskGraph.FREE) {
            waiting[k]--;
            readyAt[k] = Math.max(readyAt[k], finish[i]);
          }
        }
      }
      if (assigned) {
        continue; // tasks of zero effort may have made others ready at the same time
      }
      long next = Long.MAX_VALUE;
      for (int c = 0; c < g.m; c++) {
        if (free[c] > t) {
          next = Math.min(next, free[c]);
        }
      }
      for (int i = 0; i < n; i++) {
        if (!scheduled[i] && waiting[i] == 0 && readyAt[i] > t) {
          next = Math.min(next, readyAt[i]);
        }
      }
      if (next == Long.MAX_VALUE) {
        throw new IllegalStateException(
            "no crew can take a ready task in a problem checked to have one");
      }
      t = next;
    }
    return new Schedule(crew, start, finish);
  }

  private static Comparator<Integer> priority(TaskGraph g) {
    List<RestorationTask> tasks = g.problem.tasks();
    return Comparator.<Integer>comparingInt(
            i -> tasks.get(i).grade() >= 1 && tasks.get(i).grade() <= 4 ? tasks.get(i).grade() : 5)
        .thenComparingLong(i -> g.rto[i] < 0 ? Long.MAX_VALUE : g.rto[i])
        .thenComparing(i -> tasks.get(i).system());
  }
}
