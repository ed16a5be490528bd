package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestorationPlannerTest {
  private static final PlannerOptions SHORT =
      new PlannerOptions(Duration.ofSeconds(2), Duration.ofSeconds(1), 7L, 2.0, 0L);

  private static RestorationPlan planned(PlanOutcome o) {
    assertThat(o).isInstanceOf(PlanOutcome.Planned.class);
    return ((PlanOutcome.Planned) o).plan();
  }

  /** The plan back in array form, to check it with the validator. */
  private static Schedule schedule(TaskGraph g, RestorationPlan plan) {
    int[] crew = new int[g.n];
    long[] start = new long[g.n];
    long[] finish = new long[g.n];
    for (int i = 0; i < g.n; i++) {
      PlannedTask t = plan.tasks().get(i);
      assertThat(t.system()).isEqualTo(g.problem.tasks().get(i).system());
      crew[i] = -1;
      for (int c = 0; c < g.m; c++) {
        if (g.problem.crews().get(c).name().equals(t.crew())) {
          crew[i] = c;
        }
      }
      start[i] = t.start().toMinutes();
      finish[i] = t.finish().toMinutes();
    }
    return new Schedule(crew, start, finish);
  }

  @Test
  void solver_plan_respects_precedence_crews_and_sites_and_is_no_worse_than_greedy() {
    RestorationProblem p = RandomProblems.of(42L, 40, 4, true);
    assertThat(p.feasible()).isTrue();
    RestorationPlan plan = planned(RestorationPlanner.plan(p, SHORT));
    TaskGraph g = TaskGraph.of(p);
    assertThat(ScheduleValidator.violations(g, schedule(g, plan))).isEmpty();
    Objective objective = Objective.of(plan.bounds(), SHORT);
    assertThat(objective.compare(plan.figures(), plan.greedy())).isLessThanOrEqualTo(0);
    assertThat(plan.figures().makespan()).isGreaterThanOrEqualTo(plan.bounds().makespan());
    assertThat(plan.figures().weightedCompletion())
        .isGreaterThanOrEqualTo(plan.bounds().weightedCompletion());
    assertThat(plan.makespanGapPercent()).isGreaterThanOrEqualTo(0.0);
    assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.status()).isEqualTo("planned"));
  }

  @Test
  void a_seed_already_within_the_early_stop_gap_of_the_bound_is_returned_without_a_search() {
    // 90 independent tasks for 90 crews: every task starts at once, which is the bound
    List<RestorationTask> tasks = new java.util.ArrayList<>();
    for (int i = 0; i < 90; i++) {
      tasks.add(RestorationTask.of("s" + i, 1 + i % 4, 60 + i, null, List.of()));
    }
    RestorationProblem p = RestorationProblem.of(tasks, Crew.count(90));
    RestorationPlan plan = planned(RestorationPlanner.plan(p, PlannerOptions.defaults()));
    assertThat(plan.weightedGapPercent())
        .isLessThanOrEqualTo(RestorationPlanner.EARLY_STOP_GAP_PERCENT);
    assertThat(plan.makespanGapPercent()).isZero();
    assertThat(plan.score()).endsWith("(within the gap)");
  }

  @Test
  void the_early_stop_cost_is_the_weighted_bound_plus_half_a_percent() {
    LowerBounds b = new LowerBounds(100, 100, 100, 100, 100, 100, 1_000_000, 0, 0, 0);
    assertThat(RestorationPlanner.closeEnoughCost(b)).isEqualTo(1_005_000);
  }

  @Test
  void gains_under_a_tenth_of_a_percent_do_not_keep_the_search_going() {
    // issue 14 item 5: on the government fire the solver found gains of 0.01-0.1% every second or
    // two, each resetting the unimproved limit, and ran to the time limit; such gains now do not
    // count, and the default stretch is a tenth of the limit (at least 1 s)
    LowerBounds b = new LowerBounds(100, 100, 100, 100, 100, 100, 1_000_000, 0, 0, 0);
    PlannerOptions options = PlannerOptions.withTimeLimit(Duration.ofSeconds(10));
    assertThat(options.unimprovedLimit()).isEqualTo(Duration.ofSeconds(1));
    var t = RestorationPlanner.termination(Duration.ofSeconds(9), options, b, 517_792_755L);
    assertThat(t.getUnimprovedSpentLimit()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.getUnimprovedScoreDifferenceThreshold()).isEqualTo("0hard/0medium/517793soft");
    assertThat(t.getBestScoreLimit()).isEqualTo("0hard/0medium/-1005000soft");
    assertThat(t.getSpentLimit()).isEqualTo(Duration.ofSeconds(9));
    assertThat(PlannerOptions.withTimeLimit(Duration.ofSeconds(30)).unimprovedLimit())
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(PlannerOptions.withTimeLimit(Duration.ofMillis(500)).unimprovedLimit())
        .isEqualTo(Duration.ofMillis(500));
    // no unimproved limit: only the time limit and the gap end the search
    var none =
        RestorationPlanner.termination(
            Duration.ofSeconds(9),
            new PlannerOptions(Duration.ofSeconds(10), Duration.ZERO, 0L, 2.0, 0L),
            b,
            517_792_755L);
    assertThat(none.getUnimprovedSpentLimit()).isNull();
    assertThat(none.getUnimprovedScoreDifferenceThreshold()).isNull();
  }

  @Test
  void a_plan_says_why_its_search_stopped() {
    RestorationProblem p = RandomProblems.of(42L, 40, 4, true);
    RestorationPlan plan = planned(RestorationPlanner.plan(p, SHORT));
    assertThat(plan.stoppedBecause())
        .isIn(
            RestorationPlanner.STOP_WITHIN_GAP,
            RestorationPlanner.STOP_TIME_LIMIT,
            RestorationPlanner.STOP_NO_TIME,
            "no improvement of 0.1% or more for 1 s");
    List<RestorationTask> tasks = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      tasks.add(RestorationTask.of("s" + i, 1, 60, null, List.of()));
    }
    RestorationPlan easy =
        planned(
            RestorationPlanner.plan(
                RestorationProblem.of(tasks, Crew.count(9)), PlannerOptions.defaults()));
    assertThat(easy.stoppedBecause()).isEqualTo(RestorationPlanner.STOP_WITHIN_GAP);
  }

  @Test
  void grade_one_goes_before_grade_four_when_one_crew_may_do_either() {
    RestorationProblem p =
        RestorationProblem.of(
            List.of(
                RestorationTask.of("minor", 4, 60, null, List.of()),
                RestorationTask.of("essential", 1, 60, 60L, List.of())),
            Crew.count(1));
    RestorationPlan plan = planned(RestorationPlanner.plan(p, SHORT));
    assertThat(plan.eta("essential")).contains(Duration.ofMinutes(60));
    assertThat(plan.eta("minor")).contains(Duration.ofMinutes(120));
    assertThat(plan.figures().rtoBreaches()).isZero();
  }

  @Test
  void replanning_keeps_finished_and_started_work_and_starts_the_rest_from_now() {
    RestorationProblem p = RandomProblems.of(3L, 25, 3, false);
    RestorationPlan first = planned(RestorationPlanner.plan(p, SHORT));
    long now = first.figures().makespan() / 3;
    List<ReportedProgress.StartedWork> started = new ArrayList<>();
    List<ReportedProgress.FinishedWork> finished = new ArrayList<>();
    for (PlannedTask t : first.tasks()) {
      if (t.finish().toMinutes() <= now) {
        // finished a little late: actual times differ from the plan
        finished.add(
            new ReportedProgress.FinishedWork(t.system(), t.crew(), t.start(), t.finish()));
      } else if (t.start().toMinutes() <= now) {
        started.add(new ReportedProgress.StartedWork(t.system(), t.crew(), t.start()));
      }
    }
    ReportedProgress progress = new ReportedProgress(Duration.ofMinutes(now), started, finished);
    RestorationPlan again = planned(RestorationPlanner.replan(p, progress, SHORT));
    TaskGraph g = TaskGraph.of(p, progress);
    assertThat(ScheduleValidator.violations(g, schedule(g, again))).isEmpty();
    for (ReportedProgress.FinishedWork f : finished) {
      PlannedTask t = again.tasks().get(p.indexOf(f.system()));
      assertThat(t.status()).isEqualTo("finished");
      assertThat(t.finish()).isEqualTo(f.finish());
    }
    for (ReportedProgress.StartedWork s : started) {
      PlannedTask t = again.tasks().get(p.indexOf(s.system()));
      assertThat(t.status()).isEqualTo("started");
      assertThat(t.crew()).isEqualTo(s.crew());
      assertThat(t.start()).isEqualTo(s.start());
    }
    assertThat(again.tasks())
        .filteredOn(t -> t.status().equals("planned"))
        .allSatisfy(t -> assertThat(t.start().toMinutes()).isGreaterThanOrEqualTo(now));
    assertThat(again.now()).isEqualTo(Duration.ofMinutes(now));
  }

  @Test
  void a_public_service_is_back_when_its_last_system_is() {
    RestorationProblem p = RandomProblems.of(11L, 20, 2, false);
    RestorationPlan plan = planned(RestorationPlanner.plan(p, SHORT));
    assertThat(plan.serviceEtas()).isNotEmpty();
    for (ServiceEta eta : plan.serviceEtas()) {
      Duration latest =
          eta.systems().stream().map(s -> plan.eta(s).orElseThrow()).max(Duration::compareTo).get();
      assertThat(eta.eta()).isEqualTo(latest);
      assertThat(eta.systems()).isEqualTo(p.publicServices().get(eta.publicName()));
    }
  }

  @Test
  void a_task_reported_started_without_a_crew_gets_a_crew_nobody_else_is_reported_on() {
    RestorationProblem p = RandomProblems.of(3L, 25, 3, false);
    RestorationPlan first = planned(RestorationPlanner.plan(p, SHORT));
    long now = first.figures().makespan() / 3;
    List<ReportedProgress.StartedWork> started = new ArrayList<>();
    List<ReportedProgress.FinishedWork> finished = new ArrayList<>();
    for (PlannedTask t : first.tasks()) {
      if (t.finish().toMinutes() <= now) {
        finished.add(
            new ReportedProgress.FinishedWork(t.system(), t.crew(), t.start(), t.finish()));
      } else if (t.start().toMinutes() <= now) {
        // the first started task is reported without its crew (the console allows that)
        started.add(
            new ReportedProgress.StartedWork(
                t.system(), started.isEmpty() ? null : t.crew(), t.start()));
      }
    }
    assertThat(started).as("the random plan has work in progress at now").isNotEmpty();
    ReportedProgress progress = new ReportedProgress(Duration.ofMinutes(now), started, finished);
    RestorationPlan again = planned(RestorationPlanner.replan(p, progress, SHORT));
    PlannedTask unnamed = again.tasks().get(p.indexOf(started.get(0).system()));
    assertThat(unnamed.status()).isEqualTo("started");
    assertThat(unnamed.crew()).isNotNull();
    for (ReportedProgress.StartedWork s : started.subList(1, started.size())) {
      assertThat(unnamed.crew()).isNotEqualTo(s.crew());
    }
    TaskGraph g = TaskGraph.of(p, progress);
    assertThat(ScheduleValidator.violations(g, schedule(g, again))).isEmpty();
  }

  @Test
  void progress_naming_an_unknown_system_or_crew_is_refused() {
    RestorationProblem p = RandomProblems.of(5L, 5, 2, false);
    ReportedProgress unknownSystem =
        new ReportedProgress(
            Duration.ofMinutes(10),
            List.of(new ReportedProgress.StartedWork("nope", "crew-0", Duration.ZERO)),
            List.of());
    assertThatThrownBy(() -> RestorationPlanner.replan(p, unknownSystem, SHORT))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown system nope");
    ReportedProgress unknownCrew =
        new ReportedProgress(
            Duration.ofMinutes(10),
            List.of(new ReportedProgress.StartedWork("s0", "crew-9", Duration.ZERO)),
            List.of());
    assertThatThrownBy(() -> RestorationPlanner.replan(p, unknownCrew, SHORT))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown crew crew-9");
  }
}
