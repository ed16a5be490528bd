package dev.haechi.resilience.recovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Proven lower bounds, in minutes after the event, on the makespan and on the grade-weighted
 * completion time of every schedule of a problem (with its reported progress): no plan can do
 * better, so {@code (plan - bound) / bound} is an upper limit on how far a plan is from optimal.
 *
 * <p>Makespan ({@code C}) is at least each of:
 *
 * <ul>
 *   <li>{@code criticalPath}: the longest chain of waits, each task starting no earlier than now
 *       and after what it waits for (heads {@code h}, fixed for reported work);
 *   <li>{@code longestTask}: now plus the longest free task (implied by the critical path, kept for
 *       the report);
 *   <li>{@code workPerCrew}: {@code ⌈(Σ free effort + Σ_c a_c) / m⌉}, where crew {@code c} is free
 *       from {@code a_c} (now, or the end of its started task): the crews' capacity up to {@code C}
 *       must hold all the free work;
 *   <li>{@code crewClass}: the same over the crews {@code E} that may take a class of tasks (site
 *       and skill), counting only tasks no crew outside {@code E} may take;
 *   <li>{@code headTail}: for any thresholds {@code a, b}, the free tasks {@code S} with head
 *       {@code ≥ a} and tail {@code ≥ b} (tail = the longest chain of free work that waits on the
 *       task) all run inside {@code [a, C - b]} on at most {@code m} crews, so {@code C ≥ a + b +
 *       ⌈work(S) / m⌉}; the best pair is found by trying every head and tail value. This is the
 *       energetic bound of parallel-machine scheduling with heads and tails (Carlier, "Scheduling
 *       jobs with release dates and tails on identical machines to minimize the makespan", EJOR 29,
 *       1987).
 * </ul>
 *
 * <p>Weighted completion ({@code Σ w_j C_j}): reported work contributes its fixed finish; for the
 * free tasks, the bound is the larger of
 *
 * <ul>
 *   <li>{@code byGrade}: a sum over the grades (a partition of the tasks, so the sum of per-part
 *       bounds is a bound) of the larger of (i) {@code Σ w_j (h_j + p_j)}, every task finishing no
 *       earlier than its earliest finish, and (ii) the parallel-machine bound below applied to the
 *       part alone, shifted by its smallest head, and (iii) the mean-busy-time bound of the part;
 *   <li>{@code meanBusy}: the mean-busy-time bound with heads as release dates (below), which keeps
 *       the heads that {@code parallel} drops;
 *   <li>{@code parallel}: the Eastman-Even-Isaacs bound for {@code P||Σ w_j C_j}, which drops
 *       precedence, sites, skills and busy crews (each only makes schedules worse): {@code Σ w_j
 *       C_j ≥ now·Σ w_j + (1/m)·F₁ + ((m-1)/(2m))·Σ w_j p_j}, where {@code F₁} is the optimal
 *       weighted completion on one crew, given by Smith's ratio rule (W. E. Smith, "Various
 *       optimizers for single-stage production", Naval Res. Logist. Q. 3, 1956; W. L. Eastman, S.
 *       Even, I. M. Isaacs, "Bounds for the optimal scheduling of n jobs on m processors",
 *       Management Science 11(2), 1964).
 * </ul>
 *
 * <p>The mean-busy-time bound: in any schedule, task {@code j} runs on one crew at rate 1 over
 * {@code [S_j, C_j]} with {@code S_j ≥ h_j}; seen as one machine {@code m} times as fast running
 * every crew's work at once, that is a preemptive single-machine schedule with release dates {@code
 * h_j}, in which task {@code j} has the same mean busy time {@code M_j = C_j − p_j/2}. On one
 * machine with release dates, the preemptive rule that always runs the released task of largest
 * {@code w_j/p_j} minimises {@code Σ w_j M_j} (M. X. Goemans, "Improved approximation algorithms
 * for scheduling with release dates", SODA 1997; Goemans, Queyranne, Schulz, Skutella, Wang, SIAM
 * J. Discrete Math. 15(2), 2002), so {@code Σ w_j C_j ≥ Σ w_j M_j^{rule} + ½ Σ w_j p_j}. Without
 * release dates it equals the Eastman-Even-Isaacs bound.
 *
 * <p>All bounds are rounded up, since schedules are in whole minutes. Property tests check them
 * against every schedule found and against brute force on tiny problems.
 */
public record LowerBounds(
    long makespan,
    long criticalPath,
    long longestTask,
    long workPerCrew,
    long crewClass,
    long headTail,
    long weightedCompletion,
    long weightedByGrade,
    long weightedParallel,
    long weightedMeanBusy) {

  /** Bounds of the initial plan of a feasible problem. */
  public static LowerBounds of(RestorationProblem problem) {
    return of(TaskGraph.of(problem));
  }

  /** Bounds of a feasible problem with reported progress. */
  public static LowerBounds of(RestorationProblem problem, ReportedProgress progress) {
    return of(TaskGraph.of(problem, progress));
  }

  static LowerBounds of(TaskGraph g) {
    long[] h = g.heads();
    long[] q = g.tails();
    long[] a = g.crewAvailable();
    long critical = g.now;
    long longest = g.now;
    long work = 0;
    long fixedWeighted = 0;
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < g.n; i++) {
      if (g.state[i] == TaskGraph.FREE) {
        free.add(i);
        critical = Math.max(critical, h[i] + g.p[i]);
        longest = Math.max(longest, g.now + g.p[i]);
        work += g.p[i];
      } else {
        critical = Math.max(critical, g.fixedFinish[i]);
        fixedWeighted += g.w[i] * g.fixedFinish[i];
      }
    }
    long perCrew = g.m == 0 ? 0 : ceilDiv(work + Arrays.stream(a).sum(), g.m);
    long crewClass = crewClassBound(g, free, a);
    long headTail = headTailBound(g, free, h, q);
    long makespan = max(critical, longest, perCrew, crewClass, headTail);

    long parallel = g.now * weightSum(g, free) + parallelBound(g, free);
    long meanBusy = meanBusyBound(g, free, h);
    long byGrade = 0;
    for (int grade = 0; grade <= 4; grade++) {
      List<Integer> part = new ArrayList<>();
      for (int i : free) {
        if (normalGrade(g, i) == grade) {
          part.add(i);
        }
      }
      if (part.isEmpty()) {
        continue;
      }
      long earliest = 0;
      long minHead = Long.MAX_VALUE;
      for (int i : part) {
        earliest += g.w[i] * (h[i] + g.p[i]);
        minHead = Math.min(minHead, h[i]);
      }
      long machine = minHead * weightSum(g, part) + parallelBound(g, part);
      byGrade += Math.max(Math.max(earliest, machine), meanBusyBound(g, part, h));
    }
    return new LowerBounds(
        makespan,
        critical,
        longest,
        perCrew,
        crewClass,
        headTail,
        fixedWeighted + Math.max(Math.max(parallel, byGrade), meanBusy),
        fixedWeighted + byGrade,
        fixedWeighted + parallel,
        fixedWeighted + meanBusy);
  }

  /** How far {@code value} is above {@code bound}, in percent of the bound. */
  public static double gapPercent(long value, long bound) {
    return bound <= 0 ? 0.0 : 100.0 * (value - bound) / bound;
  }

  private static int normalGrade(TaskGraph g, int i) {
    int grade = g.problem.tasks().get(i).grade();
    return grade >= 1 && grade <= 4 ? grade : 0;
  }

  private static long weightSum(TaskGraph g, List<Integer> tasks) {
    long s = 0;
    for (int i : tasks) {
      s += g.w[i];
    }
    return s;
  }

  /** Eastman-Even-Isaacs: ⌈(2·F₁ + (m-1)·Σ w p) / (2m)⌉ for tasks all released at time 0. */
  static long parallelBound(TaskGraph g, List<Integer> tasks) {
    if (tasks.isEmpty() || g.m == 0) {
      return 0;
    }
    List<Integer> smith = new ArrayList<>(tasks);
    // Smith's rule: non-increasing w/p, i.e. p_i * w_j < p_j * w_i puts i first.
    smith.sort((i, j) -> Long.compare(g.p[i] * g.w[j], g.p[j] * g.w[i]));
    long t = 0;
    long f1 = 0;
    long wp = 0;
    for (int i : smith) {
      t += g.p[i];
      f1 += g.w[i] * t;
      wp += g.w[i] * g.p[i];
    }
    return ceilDiv(2 * f1 + (long) (g.m - 1) * wp, 2L * g.m);
  }

  /**
   * The mean-busy-time bound with heads as release dates: {@code Σ w_j C_j ≥ Σ w_j M_j + ½ Σ w_j
   * p_j}, where {@code M_j} is the mean busy time of task {@code j} in the preemptive schedule on
   * one machine {@code m} times as fast that always runs the released task of largest {@code
   * w_j/p_j}. Scaled by {@code m}, the fast machine runs task {@code j} for {@code p_j} from {@code
   * m·h_j}; {@code M_j} is the scaled mean busy time divided by {@code m}. Rounded down by a
   * relative 1e-9 for floating-point error before rounding up.
   */
  static long meanBusyBound(TaskGraph g, List<Integer> tasks, long[] h) {
    if (tasks.isEmpty() || g.m == 0) {
      return 0;
    }
    double half = 0;
    long zero = 0;
    List<Integer> jobs = new ArrayList<>();
    for (int i : tasks) {
      if (g.p[i] == 0) {
        zero += g.w[i] * h[i];
      } else {
        jobs.add(i);
        half += 0.5 * g.w[i] * g.p[i];
      }
    }
    jobs.sort(Comparator.comparingLong(i -> h[i]));
    java.util.PriorityQueue<Integer> ready =
        new java.util.PriorityQueue<>(
            (i, j) -> {
              int c = Long.compare(g.w[j] * g.p[i], g.w[i] * g.p[j]);
              return c != 0 ? c : Integer.compare(i, j);
            });
    Map<Integer, double[]> state = new HashMap<>(); // remaining, sum of (b² - a²)/2
    double busy = 0;
    double t = 0;
    int next = 0;
    while (next < jobs.size() || !ready.isEmpty()) {
      if (ready.isEmpty()) {
        t = Math.max(t, (double) h[jobs.get(next)] * g.m);
      }
      while (next < jobs.size() && (double) h[jobs.get(next)] * g.m <= t) {
        int i = jobs.get(next++);
        state.put(i, new double[] {g.p[i], 0});
        ready.add(i);
      }
      int j = ready.peek();
      double[] st = state.get(j);
      double until = t + st[0];
      if (next < jobs.size()) {
        until = Math.min(until, (double) h[jobs.get(next)] * g.m);
      }
      st[1] += (until * until - t * t) / 2;
      st[0] -= until - t;
      t = until;
      if (st[0] <= 0) {
        ready.poll();
        busy += g.w[j] * (st[1] / g.p[j]) / g.m;
      }
    }
    double total = (busy + half) * (1 - 1e-9);
    return zero + (long) Math.ceil(total);
  }

  private static long crewClassBound(TaskGraph g, List<Integer> free, long[] a) {
    Map<String, boolean[]> classes = new HashMap<>();
    for (int i : free) {
      classes.putIfAbsent(Arrays.toString(g.eligible[i]), g.eligible[i]);
    }
    long best = 0;
    for (boolean[] e : classes.values()) {
      long work = 0;
      for (int i : free) {
        if (subset(g.eligible[i], e)) {
          work += g.p[i];
        }
      }
      int crews = 0;
      long avail = 0;
      for (int c = 0; c < g.m; c++) {
        if (e[c]) {
          crews++;
          avail += a[c];
        }
      }
      if (crews > 0) {
        best = Math.max(best, ceilDiv(work + avail, crews));
      }
    }
    return best;
  }

  private static boolean subset(boolean[] x, boolean[] y) {
    for (int c = 0; c < x.length; c++) {
      if (x[c] && !y[c]) {
        return false;
      }
    }
    return true;
  }

  private static long headTailBound(TaskGraph g, List<Integer> free, long[] h, long[] q) {
    if (free.isEmpty() || g.m == 0) {
      return 0;
    }
    List<Integer> byTail = new ArrayList<>(free);
    byTail.sort(Comparator.<Integer>comparingLong(i -> q[i]).reversed());
    long[] heads = free.stream().mapToLong(i -> h[i]).distinct().sorted().toArray();
    long best = 0;
    for (long a : heads) {
      long work = 0;
      for (int k = 0; k < byTail.size(); k++) {
        int i = byTail.get(k);
        if (h[i] >= a) {
          work += g.p[i];
        }
        boolean lastOfTail = k + 1 == byTail.size() || q[byTail.get(k + 1)] != q[i];
        if (lastOfTail && work > 0) {
          best = Math.max(best, a + q[i] + ceilDiv(work, g.m));
        }
      }
    }
    return best;
  }

  private static long max(long... values) {
    long m = Long.MIN_VALUE;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static long ceilDiv(long x, long y) {
    return -Math.floorDiv(-x, y);
  }
}
