package dev.haechi.resilience.recovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a schedule against everything a plan promises: every task on a crew that may take it, for
 * its whole effort; no task before what it waits for has finished; no crew on two tasks at once;
 * nothing new before {@code now}; reported work where it was reported. The schedulers' results are
 * checked with it in tests, and the planner checks its own result before returning it.
 */
final class ScheduleValidator {
  private ScheduleValidator() {}

  /** Every broken promise in words; empty when the schedule is valid. */
  static List<String> violations(TaskGraph g, Schedule s) {
    List<String> out = new ArrayList<>();
    List<RestorationTask> tasks = g.problem.tasks();
    List<List<Integer>> perCrew = new ArrayList<>();
    for (int c = 0; c < g.m; c++) {
      perCrew.add(new ArrayList<>());
    }
    for (int i = 0; i < g.n; i++) {
      String name = tasks.get(i).system();
      if (g.state[i] == TaskGraph.FINISHED) {
        if (s.finish()[i] != g.fixedFinish[i]) {
          out.add(name + " is finished but moved");
        }
        continue;
      }
      int c = s.crew()[i];
      if (c < 0 || c >= g.m) {
        out.add(name + " has no crew");
        continue;
      }
      perCrew.get(c).add(i);
      if (!g.eligible[i][c]) {
        out.add(
            name + " is on crew " + g.problem.crews().get(c).name() + ", which may not take it");
      }
      if (s.finish()[i] - s.start()[i] != g.duration(i)) {
        out.add(name + " does not take its effort");
      }
      if (g.state[i] == TaskGraph.STARTED) {
        if (c != g.fixedCrew[i] || s.start()[i] != g.fixedStart[i]) {
          out.add(name + " was started but moved");
        }
      } else if (s.start()[i] < g.now) {
        out.add(name + " starts before now");
      }
      for (int j : g.pred[i]) {
        if (s.start()[i] < s.finish()[j]) {
          out.add(name + " starts before " + tasks.get(j).system() + " is back");
        }
      }
    }
    for (int c = 0; c < g.m; c++) {
      List<Integer> l = perCrew.get(c);
      l.sort(Comparator.comparingLong(i -> s.start()[i]));
      for (int k = 1; k < l.size(); k++) {
        if (s.start()[l.get(k)] < s.finish()[l.get(k - 1)]) {
          out.add(
              "crew "
                  + g.problem.crews().get(c).name()
                  + " works on "
                  + tasks.get(l.get(k - 1)).system()
                  + " and "
                  + tasks.get(l.get(k)).system()
                  + " at once");
        }
      }
    }
    return out;
  }
}
