package dev.haechi.resilience.recovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Finds a good first schedule for the solver by list scheduling under several priority rules, with
 * and without urgency for the target makespan, then randomised variants of the best rules while a
 * small time budget lasts; keeps the best by the planner's objective ({@link Objective}). A second
 * budget ends the rules (after the first schedule): the planner gives them what is left of its time
 * limit, so a starved thread still answers within the limit.
 *
 * <p>Rules (lower key first): grade first, then shortest effort; Smith's ratio {@code w/p} (W. E.
 * Smith, Naval Res. Logist. Q. 3, 1956); the same ratio counting the weight of everything that
 * waits on the task; and the ratio of the task with everything that waits on it (a Sidney-style
 * ratio for precedence, J. B. Sidney, Operations Research 23(2), 1975). Randomised variants perturb
 * the ranks (a GRASP-like multi-start, Feo and Resende, J. Global Optim. 6, 1995).
 */
final class SeedSchedules {
  /** Above this many tasks the rules that need every task's descendants are skipped (O(n²)). */
  private static final int DESCENDANT_LIMIT = 5000;

  /** Urgency targets tried, as shares of the time from now to the makespan target. */
  private static final double[] URGENCY_SHARES = {1.0, 0.97, 0.93, 0.85, 0.7, 0.5};

  private SeedSchedules() {}

  static Schedule best(TaskGraph g, Objective objective, long budgetNanos, long seed) {
    return best(g, objective, budgetNanos, budgetNanos, seed);
  }

  /**
   * @param rulesBudgetNanos time for the priority rules: once spent, no further rule is tried (the
   *     first schedule always is)
   * @param budgetNanos time for everything, the randomised variants included
   */
  static Schedule best(
      TaskGraph g, Objective objective, long rulesBudgetNanos, long budgetNanos, long seed) {
    long t0 = System.nanoTime();
    long deadline = t0 + budgetNanos;
    long rulesDeadline = t0 + rulesBudgetNanos;
    long[] tails = g.tails();
    List<double[]> keys = rules(g);
    long[] targets = targets(g, objective);
    Schedule best = null;
    List<double[]> ranked = new ArrayList<>();
    rules:
    for (double[] key : keys) {
      double[] rank = ranks(key);
      ranked.add(rank);
      for (long target : targets) {
        Schedule s = ListScheduler.run(g, rank, target, tails);
        if (best == null || objective.compare(g, s, best) < 0) {
          best = s;
        }
        if (System.nanoTime() - rulesDeadline >= 0) {
          // on a loaded machine the 28 list schedules of the government fire took longer than
          // the planner's whole time limit
          break rules;
        }
      }
    }
    Random random = new Random(seed);
    double spread = Math.max(1.0, g.n * 0.03);
    while (System.nanoTime() < deadline) {
      double[] base = ranked.get(random.nextInt(ranked.size()));
      double[] key = new double[g.n];
      for (int i = 0; i < g.n; i++) {
        key[i] = base[i] + random.nextGaussian() * spread;
      }
      long target = targets[random.nextInt(targets.length)];
      Schedule s = ListScheduler.run(g, key, target, tails);
      if (objective.compare(g, s, best) < 0) {
        best = s;
      }
    }
    return best;
  }

  /**
   * No urgency, and urgency for the target and for earlier makespans: a task whose urgency comes
   * only at its latest start may find every crew busy then, so earlier targets leave that slack.
   */
  private static long[] targets(TaskGraph g, Objective objective) {
    long span = Math.max(1, objective.target() - g.now);
    long[] t = new long[URGENCY_SHARES.length + 1];
    t[0] = Long.MAX_VALUE;
    for (int k = 0; k < URGENCY_SHARES.length; k++) {
      t[k + 1] = g.now + (long) (span * URGENCY_SHARES[k]);
    }
    return t;
  }

  private static List<double[]> rules(TaskGraph g) {
    int n = g.n;
    double[] gradeSpt = new double[n];
    double[] smith = new double[n];
    for (int i = 0; i < n; i++) {
      int grade = g.problem.tasks().get(i).grade();
      int rank = grade >= 1 && grade <= 4 ? grade : 5;
      gradeSpt[i] = rank * 1e12 + g.p[i];
      smith[i] = -(double) g.w[i] / Math.max(1, g.p[i]);
    }
    List<double[]> keys = new ArrayList<>(List.of(gradeSpt, smith));
    if (n <= DESCENDANT_LIMIT) {
      double[] withWaiting = new double[n];
      double[] sidney = new double[n];
      for (int i = 0; i < n; i++) {
        BitSet d = descendants(g, i);
        long w = g.w[i];
        long p = g.p[i];
        for (int k = d.nextSetBit(0); k >= 0; k = d.nextSetBit(k + 1)) {
          w += g.w[k];
          p += g.p[k];
        }
        withWaiting[i] = -(double) w / Math.max(1, g.p[i]);
        sidney[i] = -(double) w / Math.max(1, p);
      }
      keys.add(withWaiting);
      keys.add(sidney);
    }
    return keys;
  }

  private static BitSet descendants(TaskGraph g, int i) {
    BitSet seen = new BitSet(g.n);
    int[] stack = new int[g.n];
    int top = 0;
    stack[top++] = i;
    while (top > 0) {
      int x = stack[--top];
      for (int s : g.succ[x]) {
        if (!seen.get(s)) {
          seen.set(s);
          stack[top++] = s;
        }
      }
    }
    return seen;
  }

  private static double[] ranks(double[] key) {
    Integer[] order = new Integer[key.length];
    for (int i = 0; i < key.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> key[i]).thenComparingInt(i -> i));
    double[] rank = new double[key.length];
    for (int k = 0; k < order.length; k++) {
      rank[order[k]] = k;
    }
    return rank;
  }
}
