package dev.haechi.resilience.recovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A complete schedule over a {@link TaskGraph}: for every task its crew (-1 for a finished task of
 * unknown crew), start and finish, in minutes after the event.
 */
record Schedule(int[] crew, long[] start, long[] finish) {

  ScheduleFigures figures(TaskGraph g) {
    long makespan = 0;
    long weighted = 0;
    int breaches = 0;
    long breach = 0;
    for (int i = 0; i < g.n; i++) {
      makespan = Math.max(makespan, finish[i]);
      weighted += g.w[i] * finish[i];
      if (g.rto[i] >= 0 && finish[i] > g.rto[i]) {
        breaches++;
        breach += g.w[i] * (finish[i] - g.rto[i]);
      }
    }
    return new ScheduleFigures(makespan, weighted, breaches, breach);
  }

  /** Each crew's started and free tasks in start order (finished tasks left out). */
  int[][] crewOrders(TaskGraph g) {
    List<List<Integer>> per = new ArrayList<>();
    for (int c = 0; c < g.m; c++) {
      per.add(new ArrayList<>());
    }
    for (int i = 0; i < g.n; i++) {
      if (g.state[i] != TaskGraph.FINISHED) {
        per.get(crew[i]).add(i);
      }
    }
    int[][] out = new int[g.m][];
    for (int c = 0; c < g.m; c++) {
      List<Integer> l = per.get(c);
      l.sort(Comparator.<Integer>comparingLong(i -> start[i]).thenComparingInt(i -> i));
      out[c] = l.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  /**
   * The semi-active schedule of per-crew task orders: each task starts as soon as its crew is done
   * with the task before it, every task it waits for has finished, and {@code now}. Started tasks
   * keep their start (they must be first on their crew). Null when the orders deadlock (a crew's
   * next task waits on a task queued behind another crew's waiting task, in a cycle).
   */
  static Schedule decode(TaskGraph g, int[][] orders) {
    int[] crew = new int[g.n];
    long[] start = new long[g.n];
    long[] finish = new long[g.n];
    boolean[] done = new boolean[g.n];
    int remaining = 0;
    for (int i = 0; i < g.n; i++) {
      if (g.state[i] == TaskGraph.FINISHED) {
        crew[i] = g.fixedCrew[i];
        start[i] = g.fixedStart[i];
        finish[i] = g.fixedFinish[i];
        done[i] = true;
      } else {
        remaining++;
      }
    }
    int[] next = new int[g.m];
    long[] free = new long[g.m];
    Arrays.fill(free, g.now);
    while (remaining > 0) {
      boolean progressed = false;
      for (int c = 0; c < g.m; c++) {
        while (next[c] < orders[c].length) {
          int i = orders[c][next[c]];
          long t;
          if (g.state[i] == TaskGraph.STARTED) {
            t = g.fixedStart[i];
          } else {
            t = free[c];
            boolean ready = true;
            for (int j : g.pred[i]) {
              if (!done[j]) {
                ready = false;
                break;
              }
              t = Math.max(t, finish[j]);
            }
            if (!ready) {
              break;
            }
          }
          crew[i] = c;
          start[i] = t;
          finish[i] = t + g.duration(i);
          free[c] = finish[i];
          done[i] = true;
          next[c]++;
          remaining--;
          progressed = true;
        }
      }
      if (!progressed) {
        return null;
      }
    }
    return new Schedule(crew, start, finish);
  }
}
