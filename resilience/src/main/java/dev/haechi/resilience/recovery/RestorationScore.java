package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.score.calculator.EasyScoreCalculator;

/**
 * The planner's score: the crew orders decoded into the semi-active schedule ({@link
 * Schedule#decode}), then scored as {@link Objective} ranks schedules.
 *
 * <table>
 *   <caption>Score levels</caption>
 *   <tr><th>level</th><th>penalty</th></tr>
 *   <tr><td>hard</td><td>1 per task on a crew of another site or skill; 1 per task the orders leave
 *       unschedulable (crews waiting on each other's later tasks in a cycle)</td></tr>
 *   <tr><td>medium</td><td>minutes the makespan exceeds the target (the proven bound plus the
 *       tolerance)</td></tr>
 *   <tr><td>soft</td><td>grade weight × finish minute, plus grade weight × minutes past the RTO,
 *       plus the makespan weight × makespan</td></tr>
 * </table>
 *
 * <p>Design note: a first model computed start times with Timefold's declarative shadow variables
 * (a finish per task from its crew predecessor and its dependencies, following the 1.x docs); on
 * the 743-task government demo it evaluated under 10 moves a second on this machine, since every
 * move re-sorted the shadow-variable graph across crews. Decoding all crew orders per move is
 * linear in tasks and dependencies and thousands of times faster, so the score is computed in full.
 */
public class RestorationScore
    implements EasyScoreCalculator<RestorationSolution, HardMediumSoftLongScore> {

  @Override
  public HardMediumSoftLongScore calculateScore(RestorationSolution solution) {
    RestorationSolution.ScoreContext ctx = solution.context();
    TaskGraph g = ctx.graph;
    int[][] orders = new int[g.m][];
    int ineligible = 0;
    int placed = 0;
    for (CrewRoute route : solution.getCrews()) {
      int c = route.getIndex();
      int[] order = new int[route.getVisits().size()];
      for (int k = 0; k < order.length; k++) {
        int i = route.getVisits().get(k).getId();
        order[k] = i;
        if (!g.eligible[i][c]) {
          ineligible++;
        }
      }
      placed += order.length;
      orders[c] = order;
    }
    int unplaced = solution.getVisits().size() - placed;
    Schedule s = unplaced == 0 ? Schedule.decode(g, orders) : null;
    if (s == null) {
      return HardMediumSoftLongScore.of(-(ineligible + Math.max(1, unplaced)), 0, 0);
    }
    ScheduleFigures f = s.figures(g);
    return HardMediumSoftLongScore.of(
        -ineligible, -ctx.objective.excess(f), -ctx.objective.cost(f));
  }
}
