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
 *       part alone, shifted by its smallest head;
 *   <li>{@code parallel}: the Eastman-Even-Isaacs bound for {@code P||Σ w_j C_j}, which drops
 *       precedence, sites, skills and busy crews (each only makes schedules worse): {@code Σ w_j
 *       C_j ≥ now·Σ w_j + (1/m)·F₁ + ((m-1)/(2m))·Σ w_j p_j}, where {@code F₁} is the optimal
 *       weighted completion on one crew, given by Smith's ratio rule (W. E. Smith, "Various
 *       optimizers for single-stage production", Naval Res. Logist. Q. 3, 1956; W. L. Eastman, S.
 *       Even, I. M. Isaacs, "Bounds for the optimal scheduling of n jobs on m processors",
 *       Management Science 11(2), 1964).
 * </ul>
 *
 * All bounds are rounded up, since schedules are in whole minutes. Property tests check them
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
    long weightedParallel) {

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
      byGrade += Math.max(earliest, machine);
    }
    return new LowerBounds(
        makespan,
        critical,
        longest,
        perCrew,
        crewClass,
        headTail,
        fixedWeighted + Math.max(parallel, byGrade),
        fixedWeighted + byGrade,
        fixedWeighted + parallel);
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
