package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LowerBoundsTest {

  @Property(tries = 200)
  void bounds_are_below_every_list_schedule_of_random_problems(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 40) int tasks,
      @ForAll @IntRange(min = 1, max = 6) int crews,
      @ForAll boolean sites) {
    RestorationProblem p = RandomProblems.of(seed, tasks, crews, sites);
    Assume.that(p.feasible());
    TaskGraph g = TaskGraph.of(p);
    LowerBounds b = LowerBounds.of(g);
    Objective objective = new Objective(b.makespan(), 0);
    for (Schedule s :
        List.of(
            GreedySchedule.of(g), SeedSchedules.best(g, objective, Long.MAX_VALUE / 4, 0, seed))) {
      assertThat(ScheduleValidator.violations(g, s)).isEmpty();
      ScheduleFigures f = s.figures(g);
      assertThat(b.makespan()).isLessThanOrEqualTo(f.makespan());
      assertThat(b.weightedCompletion()).isLessThanOrEqualTo(f.weightedCompletion());
    }
  }

  @Property(tries = 60)
  void bounds_are_below_the_optimum_found_by_brute_force_on_tiny_problems(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 5) int tasks,
      @ForAll @IntRange(min = 1, max = 3) int crews,
      @ForAll boolean sites) {
    RestorationProblem p = RandomProblems.of(seed, tasks, crews, sites);
    Assume.that(p.feasible());
    TaskGraph g = TaskGraph.of(p);
    LowerBounds b = LowerBounds.of(g);
    long bestMakespan = Long.MAX_VALUE;
    long bestWeighted = Long.MAX_VALUE;
    for (Schedule s : RandomProblems.all(g)) {
      bestMakespan = Math.min(bestMakespan, s.figures(g).makespan());
      bestWeighted = Math.min(bestWeighted, s.figures(g).weightedCompletion());
    }
    assertThat(b.makespan()).isLessThanOrEqualTo(bestMakespan);
    assertThat(b.weightedCompletion()).isLessThanOrEqualTo(bestWeighted);
    // the greedy schedule is one of them, so it is no better than the optimum
    assertThat(GreedySchedule.of(g).figures(g).makespan()).isGreaterThanOrEqualTo(bestMakespan);
  }

  @Property(tries = 40)
  void bounds_with_reported_progress_are_below_the_optimum_of_what_is_left(
      @ForAll long seed,
      @ForAll @IntRange(min = 2, max = 5) int tasks,
      @ForAll @IntRange(min = 1, max = 3) int crews) {
    RestorationProblem p = RandomProblems.of(seed, tasks, crews, false);
    TaskGraph initial = TaskGraph.of(p);
    Schedule greedy = GreedySchedule.of(initial);
    long now = greedy.figures(initial).makespan() / 3;
    List<ReportedProgress.StartedWork> started = new java.util.ArrayList<>();
    List<ReportedProgress.FinishedWork> finished = new java.util.ArrayList<>();
    for (int i = 0; i < initial.n; i++) {
      String crew = p.crews().get(greedy.crew()[i]).name();
      if (greedy.finish()[i] <= now) {
        finished.add(
            new ReportedProgress.FinishedWork(
                p.tasks().get(i).system(),
                crew,
                Duration.ofMinutes(greedy.start()[i]),
                Duration.ofMinutes(greedy.finish()[i])));
      } else if (greedy.start()[i] <= now) {
        started.add(
            new ReportedProgress.StartedWork(
                p.tasks().get(i).system(), crew, Duration.ofMinutes(greedy.start()[i])));
      }
    }
    ReportedProgress progress = new ReportedProgress(Duration.ofMinutes(now), started, finished);
    TaskGraph g = TaskGraph.of(p, progress);
    LowerBounds b = LowerBounds.of(g);
    long bestMakespan = Long.MAX_VALUE;
    long bestWeighted = Long.MAX_VALUE;
    for (Schedule s : RandomProblems.all(g)) {
      bestMakespan = Math.min(bestMakespan, s.figures(g).makespan());
      bestWeighted = Math.min(bestWeighted, s.figures(g).weightedCompletion());
    }
    Schedule replanned = GreedySchedule.of(g);
    assertThat(ScheduleValidator.violations(g, replanned)).isEmpty();
    assertThat(b.makespan()).isLessThanOrEqualTo(bestMakespan);
    assertThat(b.weightedCompletion()).isLessThanOrEqualTo(bestWeighted);
  }

  @Example
  void a_chain_bounds_the_makespan_by_its_length_and_shared_work_by_the_crews() {
    RestorationProblem p =
        RestorationProblem.of(
            List.of(
                RestorationTask.of("a", 1, 10, null, List.of()),
                RestorationTask.of("b", 1, 10, null, List.of("a")),
                RestorationTask.of("c", 4, 6, null, List.of()),
                RestorationTask.of("d", 4, 6, null, List.of())),
            Crew.count(2));
    LowerBounds b = LowerBounds.of(p);
    assertThat(b.criticalPath()).isEqualTo(20);
    assertThat(b.workPerCrew()).isEqualTo(16);
    assertThat(b.longestTask()).isEqualTo(10);
    assertThat(b.makespan()).isEqualTo(20);
    // a and b finish no earlier than 10 and 20 (weight 1000 each); c and d no earlier than 6
    assertThat(b.weightedCompletion()).isGreaterThanOrEqualTo(1000 * 10 + 1000 * 20 + 6 + 6);
  }
}
