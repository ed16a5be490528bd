package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScheduleValidatorTest {
  private final RestorationProblem problem =
      RestorationProblem.of(
          List.of(
              RestorationTask.of("db", 1, 10, null, List.of()),
              new RestorationTask(
                  "web",
                  1,
                  java.time.Duration.ofMinutes(5),
                  null,
                  List.of("db"),
                  "north",
                  null,
                  null,
                  EffortBasis.GIVEN)),
          List.of(new Crew("a", null, Set.of()), new Crew("b", "south", Set.of())));
  private final TaskGraph g = TaskGraph.of(problem);

  @Test
  void a_valid_schedule_has_no_violations() {
    Schedule s = new Schedule(new int[] {0, 0}, new long[] {0, 10}, new long[] {10, 15});
    assertThat(ScheduleValidator.violations(g, s)).isEmpty();
  }

  @Test
  void starting_before_a_dependency_is_back_is_a_violation() {
    Schedule s = new Schedule(new int[] {1, 0}, new long[] {0, 5}, new long[] {10, 10});
    assertThat(ScheduleValidator.violations(g, s)).contains("web starts before db is back");
  }

  @Test
  void one_crew_on_two_tasks_at_once_and_a_crew_of_another_site_are_violations() {
    Schedule s = new Schedule(new int[] {1, 1}, new long[] {0, 10}, new long[] {10, 15});
    assertThat(ScheduleValidator.violations(g, s))
        .contains("web is on crew b, which may not take it");
    Schedule overlap = new Schedule(new int[] {0, 0}, new long[] {0, 8}, new long[] {10, 13});
    assertThat(ScheduleValidator.violations(g, overlap))
        .contains("crew a works on db and web at once");
  }

  @Test
  void orders_that_wait_on_each_other_across_crews_do_not_decode() {
    RestorationProblem p =
        RestorationProblem.of(
            List.of(
                RestorationTask.of("x", 1, 5, null, List.of()),
                RestorationTask.of("y", 1, 5, null, List.of("x")),
                RestorationTask.of("z", 1, 5, null, List.of()),
                RestorationTask.of("w", 1, 5, null, List.of("z"))),
            Crew.count(2));
    TaskGraph tg = TaskGraph.of(p);
    // crew 0 does w then x, crew 1 does y then z: w waits for z behind y, y waits for x behind w
    assertThat(Schedule.decode(tg, new int[][] {{3, 0}, {1, 2}})).isNull();
    assertThat(Schedule.decode(tg, new int[][] {{0, 1}, {2, 3}})).isNotNull();
  }
}
