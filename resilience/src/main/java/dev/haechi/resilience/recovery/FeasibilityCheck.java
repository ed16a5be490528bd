package dev.haechi.resilience.recovery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Finds why a problem has no plan: tasks without a crew that may take them, burned systems with no
 * rebuild path (and what waits on them), and dependency cycles (each named in its order).
 *
 * <p>Design note: Kahn's algorithm peels off every task that does not wait on a cycle; each task
 * left waits on one. Following "waits for" links from a task left over reaches a cycle, which is
 * reported once; later walks stop at tasks already seen. Linear in tasks and links.
 */
final class FeasibilityCheck {
  private static final int NAMES_SHOWN = 10;

  private FeasibilityCheck() {}

  static List<Infeasibility> check(RestorationProblem p) {
    List<Infeasibility> out = new ArrayList<>();
    List<RestorationTask> tasks = p.tasks();
    int n = tasks.size();
    if (p.crews().isEmpty() && n > 0) {
      out.add(
          new Infeasibility(
              Infeasibility.Kind.NO_ELIGIBLE_CREW,
              List.of(),
              "there are no crews to restore anything"));
    } else {
      for (RestorationTask t : tasks) {
        if (p.crews().stream().noneMatch(c -> c.canTake(t))) {
          out.add(
              new Infeasibility(
                  Infeasibility.Kind.NO_ELIGIBLE_CREW,
                  List.of(t.system()),
                  "no crew may take "
                      + t.system()
                      + " (site "
                      + t.site()
                      + ", skill "
                      + t.skill()
                      + ")"));
        }
      }
    }
    int[][] succ = successors(p);
    for (int i = 0; i < n; i++) {
      RestorationTask t = tasks.get(i);
      if (t.effort() == null) {
        List<String> waiting = waitingOn(i, succ, tasks);
        List<String> named = new ArrayList<>();
        named.add(t.system());
        named.addAll(waiting);
        out.add(
            new Infeasibility(
                Infeasibility.Kind.NO_REBUILD_PATH,
                named,
                t.system()
                    + " burned and its data is lost for good (no surviving replica or backup), and"
                    + " no haechi.dev/restore-effort says how to rebuild it"
                    + (waiting.isEmpty()
                        ? ""
                        : "; " + waiting.size() + " systems wait on it: " + shown(waiting))));
      }
    }
    out.addAll(cycles(p));
    return List.copyOf(out);
  }

  private static int[][] successors(RestorationProblem p) {
    int n = p.tasks().size();
    int[] deg = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j : p.predecessorsOf(i)) {
        deg[j]++;
      }
    }
    int[][] succ = new int[n][];
    for (int i = 0; i < n; i++) {
      succ[i] = new int[deg[i]];
    }
    Arrays.fill(deg, 0);
    for (int i = 0; i < n; i++) {
      for (int j : p.predecessorsOf(i)) {
        succ[j][deg[j]++] = i;
      }
    }
    return succ;
  }

  private static List<String> waitingOn(int start, int[][] succ, List<RestorationTask> tasks) {
    boolean[] seen = new boolean[tasks.size()];
    Deque<Integer> queue = new ArrayDeque<>();
    queue.add(start);
    seen[start] = true;
    List<String> out = new ArrayList<>();
    while (!queue.isEmpty()) {
      int i = queue.poll();
      for (int k : succ[i]) {
        if (!seen[k]) {
          seen[k] = true;
          out.add(tasks.get(k).system());
          queue.add(k);
        }
      }
    }
    return out;
  }

  private static String shown(List<String> names) {
    return names.size() <= NAMES_SHOWN
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, NAMES_SHOWN))
            + " and "
            + (names.size() - NAMES_SHOWN)
            + " more";
  }

  static List<Infeasibility> cycles(RestorationProblem p) {
    int n = p.tasks().size();
    int[][] succ = successors(p);
    int[] waiting = new int[n];
    Deque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      waiting[i] = p.predecessorsOf(i).length;
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    boolean[] acyclic = new boolean[n];
    while (!ready.isEmpty()) {
      int i = ready.poll();
      acyclic[i] = true;
      for (int k : succ[i]) {
        if (--waiting[k] == 0) {
          ready.add(k);
        }
      }
    }
    List<Infeasibility> out = new ArrayList<>();
    int[] walk = new int[n]; // 0 = unseen, otherwise the walk number that reached it
    int walkNo = 0;
    for (int s = 0; s < n; s++) {
      if (acyclic[s] || walk[s] != 0) {
        continue;
      }
      walkNo++;
      List<Integer> path = new ArrayList<>();
      int i = s;
      while (walk[i] == 0) {
        walk[i] = walkNo;
        path.add(i);
        i = nextInCycle(p, i, acyclic);
      }
      if (walk[i] == walkNo) {
        List<String> cycle = new ArrayList<>();
        for (int k = path.indexOf(i); k < path.size(); k++) {
          cycle.add(p.tasks().get(path.get(k)).system());
        }
        out.add(
            new Infeasibility(
                Infeasibility.Kind.DEPENDENCY_CYCLE,
                cycle,
                "dependency cycle: "
                    + String.join(" waits for ", cycle)
                    + " waits for "
                    + cycle.get(0)));
      }
    }
    return out;
  }

  private static int nextInCycle(RestorationProblem p, int i, boolean[] acyclic) {
    for (int j : p.predecessorsOf(i)) {
      if (!acyclic[j]) {
        return j;
      }
    }
    throw new IllegalStateException("a task left by Kahn's algorithm waits on another one left");
  }
}
