package dev.haechi.resilience.recovery;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverConfigOverride;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import dev.haechi.core.InputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plans a restoration: the greedy grade-first schedule, improved by Timefold Solver's local search
 * (list variable per crew, start times as declarative shadow variables), reported with proven lower
 * bounds and the gaps to them. Re-plans from reported progress with started work pinned and
 * finished work fixed. Thread-safe; each call solves on the calling thread.
 *
 * <p>Steps: the greedy schedule (the baseline, always reported); list schedules under several
 * priority rules and randomised variants ({@link SeedSchedules}); Timefold's local search from the
 * best of them, with the score of {@link RestorationScore}: first keep the makespan within the
 * tolerance of its proven bound, then minimise grade-weighted completion and RTO breach.
 *
 * <p>The plan is the solver's best schedule, decoded again from its crew orders and checked by
 * {@link ScheduleValidator}; should it fail the check or score worse than the greedy schedule, the
 * greedy schedule is returned instead (its score says {@code greedy}), so a plan is never worse
 * than the baseline. The time limit covers all of it: the solver gets what is left less a margin
 * (5%, at least 200 ms) for its own start and finish.
 */
public final class RestorationPlanner {
  private static final Map<Long, SolverFactory<RestorationSolution>> FACTORIES =
      new ConcurrentHashMap<>();

  /** At most this long (and a tenth of the time limit) goes to list-scheduling seeds. */
  private static final Duration SEED_BUDGET = Duration.ofSeconds(2);

  private RestorationPlanner() {}

  /** The initial plan, right after the event. */
  public static PlanOutcome plan(RestorationProblem problem, PlannerOptions options) {
    return replan(problem, ReportedProgress.none(), options);
  }

  /**
   * A plan from reported progress: finished work stays where it was, started work stays on its crew
   * from its start, everything else starts no earlier than {@code progress.now()}.
   *
   * @throws InputException when the progress names an unknown system or crew, a time after now, or
   *     a crew on two tasks at once
   */
  public static PlanOutcome replan(
      RestorationProblem problem, ReportedProgress progress, PlannerOptions options) {
    if (!problem.feasible()) {
      return new PlanOutcome.Infeasible(problem.infeasibilities());
    }
    long t0 = System.nanoTime();
    TaskGraph g = TaskGraph.of(problem, progress);
    Schedule greedy = GreedySchedule.of(g);
    LowerBounds bounds = LowerBounds.of(g);
    Objective objective = Objective.of(bounds, options);
    Schedule best = greedy;
    String score = "greedy";
    String stopped = "nothing left to plan (no free task) or no time to search";
    if (hasFreeTask(g) && !options.timeLimit().isZero()) {
      long seedBudget = Math.min(SEED_BUDGET.toNanos(), options.timeLimit().toNanos() / 10);
      // the priority rules may take what is left of the limit (on a starved machine they can take
      // all of it, and a plan from every rule beats a search that barely starts); the randomised
      // variants only the seed's budget
      long rulesBudget =
          options.timeLimit().toNanos()
              - Duration.ofMillis(margin(options)).toNanos()
              - (System.nanoTime() - t0);
      Schedule seed =
          SeedSchedules.best(
              g, objective, Math.max(0, rulesBudget), seedBudget, options.randomSeed());
      if (objective.compare(g, seed, best) < 0) {
        best = seed;
        score = "list scheduling";
      }
      if (closeEnough(g, best, objective, bounds)) {
        // the seed is already within EARLY_STOP_GAP_PERCENT of the proven bound: no search
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        return new PlanOutcome.Planned(
            report(
                g,
                best,
                bounds,
                greedy.figures(g),
                took,
                score + " (within the gap)",
                STOP_WITHIN_GAP));
      }
      long margin = margin(options);
      long leftMillis = options.timeLimit().minusNanos(System.nanoTime() - t0).toMillis() - margin;
      // the solver's factory (class loading on a cold start) only when there is time to search
      Solved solved =
          leftMillis <= 0
              ? null
              : solve(
                  FACTORIES.computeIfAbsent(options.randomSeed(), RestorationPlanner::factory),
                  g,
                  best,
                  objective,
                  bounds,
                  Duration.ofMillis(leftMillis),
                  options);
      stopped = solved == null ? STOP_NO_TIME : solved.stoppedBecause();
      Schedule s = solved == null ? null : Schedule.decode(g, orders(g, solved.solution()));
      if (s != null
          && ScheduleValidator.violations(g, s).isEmpty()
          && objective.compare(g, s, best) <= 0) {
        best = s;
        score =
            solved.solution().getScore() == null
                ? "unscored"
                : solved.solution().getScore().toString();
      }
    }
    Duration solveTime = Duration.ofNanos(System.nanoTime() - t0);
    return new PlanOutcome.Planned(
        report(g, best, bounds, greedy.figures(g), solveTime, score, stopped));
  }

  /** What the planner keeps back of its limit for decoding and reporting, in milliseconds. */
  private static long margin(PlannerOptions options) {
    return Math.max(200, options.timeLimit().toMillis() / 20);
  }

  /** Why a search ended, as plans report it. */
  static final String STOP_WITHIN_GAP = "within 0.5% of the proven bound";

  static final String STOP_NO_TIME = "time limit reached before the search could start";
  static final String STOP_TIME_LIMIT = "time limit";

  private record Solved(RestorationSolution solution, String stoppedBecause) {}

  private static boolean hasFreeTask(TaskGraph g) {
    for (int s : g.state) {
      if (s == TaskGraph.FREE) {
        return true;
      }
    }
    return false;
  }

  private static Solved solve(
      SolverFactory<RestorationSolution> factory,
      TaskGraph g,
      Schedule seed,
      Objective objective,
      LowerBounds bounds,
      Duration timeLimit,
      PlannerOptions options) {
    TaskVisit[] visits = new TaskVisit[g.n];
    List<TaskVisit> all = new ArrayList<>();
    for (int i = 0; i < g.n; i++) {
      if (g.state[i] != TaskGraph.FINISHED) {
        visits[i] = new TaskVisit(i);
        all.add(visits[i]);
      }
    }
    List<CrewRoute> crews = new ArrayList<>();
    int[][] orders = seed.crewOrders(g);
    for (int c = 0; c < g.m; c++) {
      CrewRoute route = new CrewRoute(c);
      int pinned = 0;
      for (int i : orders[c]) {
        route.getVisits().add(visits[i]);
        if (g.state[i] == TaskGraph.STARTED) {
          pinned++;
        }
      }
      route.pinFirst(pinned);
      crews.add(route);
    }
    RestorationSolution problem =
        new RestorationSolution(crews, all, new RestorationSolution.ScoreContext(g, objective));
    long seedCost = objective.cost(seed.figures(g));
    TerminationConfig termination = termination(timeLimit, options, bounds, seedCost);
    Solver<RestorationSolution> solver =
        factory.buildSolver(
            new SolverConfigOverride<RestorationSolution>().withTerminationConfig(termination));
    long start = System.nanoTime();
    RestorationSolution solved = solver.solve(problem);
    long spent = System.nanoTime() - start;
    HardMediumSoftLongScore limit =
        HardMediumSoftLongScore.parseScore(termination.getBestScoreLimit());
    String why;
    if (solved.getScore() != null && solved.getScore().compareTo(limit) >= 0) {
      why = STOP_WITHIN_GAP;
    } else if (spent >= timeLimit.toNanos() - 50_000_000L) {
      why = STOP_TIME_LIMIT;
    } else {
      why =
          "no improvement of "
              + MIN_IMPROVEMENT_PERCENT
              + "% or more for "
              + (options.unimprovedLimit().toMillis() % 1000 == 0
                  ? options.unimprovedLimit().toSeconds() + " s"
                  : options.unimprovedLimit().toMillis() + " ms");
    }
    return new Solved(solved, why);
  }

  /** Improvements smaller than this share of the plan's cost do not count as improvements. */
  public static final double MIN_IMPROVEMENT_PERCENT = 0.1;

  /**
   * The solver's stop: the time limit; the unimproved limit, where an improvement counts only when
   * it is at least {@link #MIN_IMPROVEMENT_PERCENT} of the seed's cost (or any gain in the makespan
   * target or eligibility, the higher score levels); and a best score within {@link
   * #EARLY_STOP_GAP_PERCENT} of the proven bound. Whichever comes first ends the search.
   */
  static TerminationConfig termination(
      Duration timeLimit, PlannerOptions options, LowerBounds bounds, long seedCost) {
    TerminationConfig termination = new TerminationConfig().withSpentLimit(timeLimit);
    if (!options.unimprovedLimit().isZero()) {
      termination.setUnimprovedSpentLimit(
          Duration.ofMillis(Math.max(1, options.unimprovedLimit().toMillis())));
      long threshold = Math.max(1, (long) Math.ceil(seedCost * (MIN_IMPROVEMENT_PERCENT / 100)));
      termination.setUnimprovedScoreDifferenceThreshold(
          HardMediumSoftLongScore.of(0, 0, threshold).toString());
    }
    // Stop as soon as the best plan is within EARLY_STOP_GAP_PERCENT of the proven bound: no
    // ineligible task, makespan within its target, and a cost (weighted completion, plus any RTO
    // breach and makespan weight, all of which only add) at most the bound plus the gap.
    termination.setBestScoreLimit(
        HardMediumSoftLongScore.of(0, 0, -closeEnoughCost(bounds)).toString());
    return termination;
  }

  /**
   * The solver stops once its best plan's weighted completion is within this many percent of the
   * proven lower bound (with the makespan within its target), or after {@link
   * PlannerOptions#unimprovedLimit} without improvement, or at the time limit.
   */
  public static final double EARLY_STOP_GAP_PERCENT = 0.5;

  /** The largest cost that is within {@link #EARLY_STOP_GAP_PERCENT} of the bound. */
  static long closeEnoughCost(LowerBounds bounds) {
    long wc = bounds.weightedCompletion();
    return wc + (long) Math.floor(wc * (EARLY_STOP_GAP_PERCENT / 100));
  }

  static boolean closeEnough(TaskGraph g, Schedule s, Objective objective, LowerBounds bounds) {
    ScheduleFigures f = s.figures(g);
    return objective.excess(f) == 0 && objective.cost(f) <= closeEnoughCost(bounds);
  }

  private static SolverFactory<RestorationSolution> factory(long seed) {
    SolverConfig config =
        new SolverConfig()
            .withSolutionClass(RestorationSolution.class)
            .withEntityClasses(CrewRoute.class)
            .withEasyScoreCalculatorClass(RestorationScore.class)
            .withEnvironmentMode(EnvironmentMode.NO_ASSERT)
            .withRandomSeed(seed)
            .withTerminationSpentLimit(Duration.ofSeconds(30));
    return SolverFactory.create(config);
  }

  private static int[][] orders(TaskGraph g, RestorationSolution solved) {
    int[][] out = new int[g.m][];
    for (CrewRoute route : solved.getCrews()) {
      out[route.getIndex()] = route.getVisits().stream().mapToInt(TaskVisit::getId).toArray();
    }
    return out;
  }

  private static RestorationPlan report(
      TaskGraph g,
      Schedule s,
      LowerBounds bounds,
      ScheduleFigures greedy,
      Duration solveTime,
      String score,
      String stoppedBecause) {
    List<PlannedTask> tasks = new ArrayList<>();
    for (int i = 0; i < g.n; i++) {
      RestorationTask t = g.problem.tasks().get(i);
      String status =
          g.state[i] == TaskGraph.FINISHED
              ? "finished"
              : g.state[i] == TaskGraph.STARTED ? "started" : "planned";
      tasks.add(
          new PlannedTask(
              t.system(),
              t.grade(),
              s.crew()[i] < 0 ? null : g.problem.crews().get(s.crew()[i]).name(),
              Duration.ofMinutes(s.start()[i]),
              Duration.ofMinutes(s.finish()[i]),
              status,
              g.rto[i] >= 0 && s.finish()[i] > g.rto[i]));
    }
    List<ServiceEta> etas = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : g.problem.publicServices().entrySet()) {
      long eta = 0;
      for (String system : e.getValue()) {
        eta = Math.max(eta, s.finish()[g.problem.indexOf(system)]);
      }
      etas.add(new ServiceEta(e.getKey(), Duration.ofMinutes(eta), e.getValue()));
    }
    ScheduleFigures f = s.figures(g);
    return new RestorationPlan(
        tasks,
        f,
        bounds,
        LowerBounds.gapPercent(f.makespan(), bounds.makespan()),
        LowerBounds.gapPercent(f.weightedCompletion(), bounds.weightedCompletion()),
        greedy,
        solveTime,
        score,
        etas,
        Duration.ofMinutes(g.now),
        stoppedBecause);
  }
}
