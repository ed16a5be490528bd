package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeedSchedulesTest {

  /**
   * The seed's time holds for the priority rules too (on a loaded machine the government fire's 28
   * list schedules took longer than the planner's whole time limit): with none left, the seed is
   * the first rule's schedule — valid, and on some problems worse than the best of all rules.
   */
  @Test
  void with_no_time_for_the_rules_only_the_first_schedule_is_made() {
    int worse = 0;
    int problems = 0;
    for (long seed = 1; seed <= 80; seed++) {
      RestorationProblem p = RandomProblems.of(seed, 30, 3, seed % 2 == 0);
      if (!p.feasible()) {
        continue;
      }
      problems++;
      TaskGraph g = TaskGraph.of(p);
      Objective objective = new Objective(LowerBounds.of(g).makespan(), 0);
      Schedule allRules = SeedSchedules.best(g, objective, Long.MAX_VALUE / 4, 0, seed);
      Schedule noTime = SeedSchedules.best(g, objective, 0, 0, seed);
      assertThat(ScheduleValidator.violations(g, noTime)).isEmpty();
      int c = objective.compare(g, noTime, allRules);
      assertThat(c)
          .as("problem %d: all rules are at least as good as the first", seed)
          .isGreaterThanOrEqualTo(0);
      if (c > 0) {
        worse++;
      }
    }
    assertThat(problems).isGreaterThan(20);
    assertThat(worse).as("problems where the rules after the first found better").isPositive();
  }
}
