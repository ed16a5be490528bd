package dev.haechi.resilience.recovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small random restoration problems (DAGs) for property tests. */
final class RandomProblems {
  private RandomProblems() {}

  /**
   * @param sites when true, tasks are at site a or b and some crews work at one site only
   */
  static RestorationProblem of(long seed, int tasks, int crews, boolean sites) {
    Random r = new Random(seed);
    List<RestorationTask> list = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      List<String> preds = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (r.nextInt(100) < 30) {
          preds.add("s" + j);
        }
      }
      Long rto = r.nextBoolean() ? (long) (5 + r.nextInt(40)) : null;
      list.add(
          new RestorationTask(
              "s" + i,
              1 + r.nextInt(4),
              java.time.Duration.ofMinutes(1 + r.nextInt(20)),
              rto == null ? null : java.time.Duration.ofMinutes(rto),
              preds,
              sites ? (r.nextBoolean() ? "a" : "b") : null,
              null,
              r.nextInt(3) == 0 ? "service-" + r.nextInt(2) : null,
              EffortBasis.GIVEN));
    }
    List<Crew> cs = new ArrayList<>();
    for (int c = 0; c < crews; c++) {
      String site = !sites || c == 0 ? null : (r.nextBoolean() ? "a" : "b");
      cs.add(new Crew("crew-" + c, site, Set.of()));
    }
    return RestorationProblem.of(list, cs);
  }

  /** Every semi-active schedule: each ordering of the tasks split over the crews in every way. */
  static List<Schedule> all(TaskGraph g) {
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < g.n; i++) {
      if (g.state[i] != TaskGraph.FINISHED) {
        free.add(i);
      }
    }
    List<Schedule> out = new ArrayList<>();
    permute(g, free, 0, out);
    return out;
  }

  private static void permute(TaskGraph g, List<Integer> order, int k, List<Schedule> out) {
    if (k == order.size()) {
      assign(g, order, new int[order.size()], 0, out);
      return;
    }
    for (int x = k; x < order.size(); x++) {
      java.util.Collections.swap(order, k, x);
      permute(g, order, k + 1, out);
      java.util.Collections.swap(order, k, x);
    }
  }

  private static void assign(
      TaskGraph g, List<Integer> order, int[] crewOf, int k, List<Schedule> out) {
    if (k == order.size()) {
      List<List<Integer>> per = new ArrayList<>();
      for (int c = 0; c < g.m; c++) {
        per.add(new ArrayList<>());
      }
      for (int x = 0; x < order.size(); x++) {
        per.get(crewOf[x]).add(order.get(x));
      }
      int[][] orders = new int[g.m][];
      for (int c = 0; c < g.m; c++) {
        orders[c] = per.get(c).stream().mapToInt(Integer::intValue).toArray();
      }
      Schedule s = Schedule.decode(g, orders);
      if (s != null && ScheduleValidator.violations(g, s).isEmpty()) {
        out.add(s);
      }
      return;
    }
    int i = order.get(k);
    for (int c = 0; c < g.m; c++) {
      if (g.state[i] == TaskGraph.STARTED && c != g.fixedCrew[i]) {
        continue;
      }
      crewOf[k] = c;
      assign(g, order, crewOf, k + 1, out);
    }
  }
}
