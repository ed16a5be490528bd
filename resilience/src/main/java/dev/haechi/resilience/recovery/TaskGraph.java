package dev.haechi.resilience.recovery;

import dev.haechi.core.InputException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A feasible problem and reported progress compiled to arrays (times in minutes after the event)
 * for the schedulers and bounds. Task {@code i} is {@code problem.tasks().get(i)}; crew {@code c}
 * is {@code problem.crews().get(c)}.
 *
 * <p>A finished task is fixed at its reported finish. A started task is pinned to its crew and
 * start and is expected to take its effort, but not to end before {@code now} (an overrunning task
 * is assumed to end now). Every other task is free and starts no earlier than {@code now}.
 */
final class TaskGraph {
  static final int FREE = 0;
  static final int STARTED = 1;
  static final int FINISHED = 2;

  final RestorationProblem problem;
  final int n;
  final int m;
  final long now;
  final long[] p;
  final long[] w;
  final long[] rto;
  final int[][] pred;
  final int[][] succ;
  final int[] state;
  final int[] fixedCrew;
  final long[] fixedStart;
  final long[] fixedFinish;
  final boolean[][] eligible;
  final int[] topo;

  private TaskGraph(RestorationProblem problem, ReportedProgress progress) {
    if (!problem.feasible()) {
      throw new IllegalArgumentException(
          "infeasible problem: " + problem.infeasibilities().get(0).reason());
    }
    this.problem = problem;
    List<RestorationTask> tasks = problem.tasks();
    n = tasks.size();
    m = problem.crews().size();
    now = progress.now().toMinutes();
    p = new long[n];
    w = new long[n];
    rto = new long[n];
    pred = new int[n][];
    state = new int[n];
    fixedCrew = new int[n];
    fixedStart = new long[n];
    fixedFinish = new long[n];
    eligible = new boolean[n][m];
    Arrays.fill(fixedCrew, -1);
    for (int i = 0; i < n; i++) {
      RestorationTask t = tasks.get(i);
      p[i] = t.effort().toMinutes();
      w[i] = t.weight();
      rto[i] = t.rto() == null ? -1 : t.rto().toMinutes();
      pred[i] = problem.predecessorsOf(i);
      for (int c = 0; c < m; c++) {
        eligible[i][c] = problem.crews().get(c).canTake(t);
      }
    }
    succ = successors();
    topo = topologicalOrder();
    pin(progress);
  }

  /** The initial plan: nothing started, now = the event. */
  static TaskGraph of(RestorationProblem problem) {
    return new TaskGraph(problem, ReportedProgress.none());
  }

  /**
   * @throws InputException when progress names an unknown system or crew, a time after now, or a
   *     crew working on two tasks at once
   */
  static TaskGraph of(RestorationProblem problem, ReportedProgress progress) {
    return new TaskGraph(problem, progress);
  }

  private void pin(ReportedProgress progress) {
    Map<String, Integer> crewIndex = new HashMap<>();
    for (int c = 0; c < m; c++) {
      crewIndex.put(problem.crews().get(c).name(), c);
    }
    String src = "restoration progress";
    for (ReportedProgress.FinishedWork f : progress.finished()) {
      int i = taskIndex(f.system(), src);
      long finish = f.finish().toMinutes();
      if (finish > now) {
        throw new InputException(src, 0, f.system() + " is reported finished after now");
      }
      state[i] = FINISHED;
      fixedFinish[i] = finish;
      fixedStart[i] = f.start() == null ? finish - Math.min(p[i], finish) : f.start().toMinutes();
      if (fixedStart[i] > finish) {
        throw new InputException(src, 0, f.system() + " is reported finished before it started");
      }
      fixedCrew[i] = f.crew() == null ? -1 : crewIndex.getOrDefault(f.crew(), -1);
    }
    boolean[] busy = new boolean[m];
    // Named crews first, so that a task whose report named no crew takes a crew nobody names.
    List<ReportedProgress.StartedWork> started = new ArrayList<>(progress.started());
    started.sort(Comparator.comparing(s -> s.crew() == null));
    for (ReportedProgress.StartedWork s : started) {
      int i = taskIndex(s.system(), src);
      if (state[i] == FINISHED) {
        throw new InputException(src, 0, s.system() + " is reported both started and finished");
      }
      Integer c = s.crew() == null ? firstFree(busy) : crewIndex.get(s.crew());
      if (c == null && s.crew() == null) {
        throw new InputException(
            src,
            0,
            s.system() + " is reported started by an unnamed crew, but every crew is already busy");
      }
      if (c == null) {
        throw new InputException(src, 0, "unknown crew " + s.crew() + " on " + s.system());
      }
      if (busy[c]) {
        throw new InputException(src, 0, "crew " + s.crew() + " is reported on two tasks at once");
      }
      busy[c] = true;
      long start = s.start().toMinutes();
      if (start > now) {
        throw new InputException(src, 0, s.system() + " is reported started after now");
      }
      state[i] = STARTED;
      fixedCrew[i] = c;
      fixedStart[i] = start;
      fixedFinish[i] = Math.max(start + p[i], now);
    }
  }

  private static Integer firstFree(boolean[] busy) {
    for (int c = 0; c < busy.length; c++) {
      if (!busy[c]) {
        return c;
      }
    }
    return null;
  }

  private int taskIndex(String system, String src) {
    int i = problem.indexOf(system);
    if (i < 0) {
      throw new InputException(src, 0, "unknown system " + system + " (not a restoration task)");
    }
    return i;
  }

  private int[][] successors() {
    int[] deg = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j : pred[i]) {
        deg[j]++;
      }
    }
    int[][] s = new int[n][];
    for (int i = 0; i < n; i++) {
      s[i] = new int[deg[i]];
    }
    Arrays.fill(deg, 0);
    for (int i = 0; i < n; i++) {
      for (int j : pred[i]) {
        s[j][deg[j]++] = i;
      }
    }
    return s;
  }

  private int[] topologicalOrder() {
    int[] waiting = new int[n];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      waiting[i] = pred[i].length;
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[n];
    int k = 0;
    while (!ready.isEmpty()) {
      int i = ready.poll();
      order[k++] = i;
      for (int j : succ[i]) {
        if (--waiting[j] == 0) {
          ready.add(j);
        }
      }
    }
    if (k != n) {
      throw new IllegalStateException("cycle in a problem checked to have none");
    }
    return order;
  }

  /** Duration a task occupies its crew in any schedule (fixed for started and finished tasks). */
  long duration(int i) {
    return state[i] == FREE ? p[i] : fixedFinish[i] - fixedStart[i];
  }

  /** When crew {@code c} is first free for new work: now, or when its started task ends. */
  long[] crewAvailable() {
    long[] a = new long[m];
    Arrays.fill(a, now);
    for (int i = 0; i < n; i++) {
      if (state[i] == STARTED) {
        a[fixedCrew[i]] = Math.max(a[fixedCrew[i]], fixedFinish[i]);
      }
    }
    return a;
  }

  /**
   * Earliest start of each task over all schedules (precedence and {@code now} only): fixed for
   * started and finished tasks.
   */
  long[] heads() {
    long[] h = new long[n];
    for (int i : topo) {
      if (state[i] != FREE) {
        h[i] = fixedStart[i];
        continue;
      }
      long t = now;
      for (int j : pred[i]) {
        t = Math.max(t, finishOf(j, h));
      }
      h[i] = t;
    }
    return h;
  }

  private long finishOf(int j, long[] h) {
    return state[j] == FREE ? h[j] + p[j] : fixedFinish[j];
  }

  /** Longest chain of free work after each free task finishes (0 for a task nothing waits on). */
  long[] tails() {
    long[] q = new long[n];
    for (int k = n - 1; k >= 0; k--) {
      int i = topo[k];
      long t = 0;
      for (int j : succ[i]) {
        if (state[j] == FREE) {
          t = Math.max(t, p[j] + q[j]);
        }
      }
      q[i] = t;
    }
    return q;
  }
}
