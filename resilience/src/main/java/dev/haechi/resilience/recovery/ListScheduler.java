package dev.haechi.resilience.recovery;

/**
 * Parallel list scheduling with a priority per task: whenever a crew is free, the ready tasks (all
 * they wait for is back) are taken in priority order, each by the eligible free crew free longest.
 * Optionally, a task becomes urgent once its latest start for a target makespan ({@code target −
 * tail − effort}) has come, and urgent tasks go first (earliest latest start first): this keeps the
 * critical chains moving while the rest follows the priority.
 *
 * <p>Design note: Graham's list scheduling (SIAM J. Appl. Math. 17(2), 1969) never idles a crew
 * while a task it may take is ready. The urgency rule is the minimum-slack priority of resource-
 * constrained project scheduling (Kolisch, "Serial and parallel resource-constrained project
 * scheduling methods revisited", EJOR 90, 1996).
 */
final class ListScheduler {
  private ListScheduler() {}

  /**
   * @param key priority per task, lower first; ties go to the lower index
   * @param target the makespan to keep critical chains within, or {@code Long.MAX_VALUE} for none
   */
  static Schedule run(TaskGraph g, double[] key, long target, long[] tails) {
    int n = g.n;
    int[] crew = new int[n];
    long[] start = new long[n];
    long[] finish = new long[n];
    boolean[] scheduled = new boolean[n];
    int[] waiting = new int[n];
    long[] readyAt = new long[n];
    long[] free = g.crewAvailable();
    long[] latest = new long[n];
    int left = 0;
    for (int i = 0; i < n; i++) {
      latest[i] = target == Long.MAX_VALUE ? Long.MAX_VALUE : target - tails[i] - g.p[i];
      if (g.state[i] != TaskGraph.FREE) {
        crew[i] = g.fixedCrew[i];
        start[i] = g.fixedStart[i];
        finish[i] = g.fixedFinish[i];
        scheduled[i] = true;
      }
    }
    int[] ready = new int[n];
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
    long t = g.now;
    while (left > 0) {
      int count = 0;
      for (int i = 0; i < n; i++) {
        if (!scheduled[i] && waiting[i] == 0 && readyAt[i] <= t) {
          ready[count++] = i;
        }
      }
      sort(ready, count, key, latest, t);
      boolean assigned = false;
      for (int k = 0; k < count; k++) {
        int i = ready[k];
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
        for (int s : g.succ[i]) {
          if (g.state[s] == TaskGraph.FREE) {
            waiting[s]--;
            readyAt[s] = Math.max(readyAt[s], finish[i]);
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
        throw new IllegalStateException("no crew may take a ready task in a problem checked to");
      }
      t = next;
    }
    return new Schedule(crew, start, finish);
  }

  /** Insertion sort of the ready tasks: urgent ones first by latest start, then by key, index. */
  private static void sort(int[] a, int count, double[] key, long[] latest, long t) {
    for (int x = 1; x < count; x++) {
      int v = a[x];
      int y = x - 1;
      while (y >= 0 && before(v, a[y], key, latest, t)) {
        a[y + 1] = a[y];
        y--;
      }
      a[y + 1] = v;
    }
  }

  private static boolean before(int i, int j, double[] key, long[] latest, long t) {
    boolean ui = latest[i] <= t;
    boolean uj = latest[j] <= t;
    if (ui != uj) {
      return ui;
    }
    if (ui && latest[i] != latest[j]) {
      return latest[i] < latest[j];
    }
    if (key[i] != key[j]) {
      return key[i] < key[j];
    }
    return i < j;
  }
}
