package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestorationTrackerTest {
  private static final Instant EVENT = Instant.parse("2025-09-26T11:20:00Z");

  private static Instant after(int hours) {
    return EVENT.plus(Duration.ofHours(hours));
  }

  private final RestorationTracker tracker =
      new RestorationTracker(EVENT, Map.of("gov24", 1, "mail", 1, "wiki", 4));

  @Test
  void a_system_goes_down_restoring_restored_with_its_history() {
    tracker.start("gov24", "crew-1", after(1));
    tracker.finish("gov24", "crew-1", after(3));
    assertThat(tracker.state("gov24")).isEqualTo(SystemState.RESTORED);
    assertThat(tracker.history("gov24"))
        .extracting(StateTransition::from, StateTransition::to, StateTransition::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SystemState.DOWN, SystemState.RESTORING, after(1)),
            org.assertj.core.groups.Tuple.tuple(
                SystemState.RESTORING, SystemState.RESTORED, after(3)));
  }

  @Test
  void finishing_a_task_never_started_is_refused_with_the_reason() {
    assertThatThrownBy(() -> tracker.finish("mail", "crew-1", after(2)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("mail")
        .hasMessageContaining("never started");
    assertThat(tracker.state("mail")).isEqualTo(SystemState.DOWN);
    assertThat(tracker.history()).isEmpty();
  }

  @Test
  void restored_to_restoring_needs_a_degrade_first() {
    tracker.start("gov24", "crew-1", after(1));
    tracker.finish("gov24", "crew-1", after(2));
    assertThatThrownBy(() -> tracker.start("gov24", "crew-2", after(3)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("degraded or down first");
    tracker.degrade("gov24", after(4), "slow logins");
    tracker.start("gov24", "crew-2", after(5));
    assertThat(tracker.state("gov24")).isEqualTo(SystemState.RESTORING);
  }

  @Test
  void unknown_systems_and_updates_out_of_order_are_refused() {
    assertThatThrownBy(() -> tracker.start("nope", "crew-1", after(1)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown system nope");
    tracker.start("wiki", "crew-1", after(5));
    assertThatThrownBy(() -> tracker.finish("wiki", "crew-1", after(4)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("out of order");
    assertThatThrownBy(() -> tracker.start("mail", "crew-1", EVENT.minusSeconds(60)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("before the event");
  }

  @Test
  void progress_counts_restored_systems_overall_and_per_grade() {
    tracker.start("gov24", "crew-1", after(1));
    tracker.finish("gov24", "crew-1", after(2));
    tracker.start("wiki", "crew-2", after(1));
    RestorationProgress p = tracker.progress();
    assertThat(p.restored()).isEqualTo(1);
    assertThat(p.restoring()).isEqualTo(1);
    assertThat(p.summary()).isEqualTo("1 of 3 restored; grade 1: 1 of 2; grade 4: 0 of 1");
  }

  @Test
  void the_actual_curve_counts_restored_systems_over_time_and_drops_on_a_relapse() {
    tracker.start("gov24", "crew-1", after(1));
    tracker.finish("gov24", "crew-1", after(2));
    tracker.start("mail", "crew-2", after(1));
    tracker.finish("mail", "crew-2", after(4));
    tracker.degrade("gov24", after(5), null);
    assertThat(tracker.actualCurve())
        .containsExactly(
            new CurvePoint(Duration.ZERO, 0),
            new CurvePoint(Duration.ofHours(2), 1),
            new CurvePoint(Duration.ofHours(4), 2),
            new CurvePoint(Duration.ofHours(5), 1));
  }

  @Test
  void the_planned_curve_has_one_point_per_finish_time() {
    RestorationPlan plan =
        new RestorationPlan(
            List.of(
                new PlannedTask("a", 1, "c", Duration.ZERO, Duration.ofHours(2), "planned", false),
                new PlannedTask("b", 1, "c", Duration.ZERO, Duration.ofHours(2), "planned", false),
                new PlannedTask("c", 1, "c", Duration.ZERO, Duration.ofHours(3), "planned", false)),
            new ScheduleFigures(180, 0, 0, 0),
            null,
            0,
            0,
            null,
            Duration.ZERO,
            "greedy",
            List.of(),
            Duration.ZERO,
            "no search");
    assertThat(RestorationTracker.plannedCurve(plan))
        .containsExactly(
            new CurvePoint(Duration.ZERO, 0),
            new CurvePoint(Duration.ofHours(2), 2),
            new CurvePoint(Duration.ofHours(3), 3));
  }

  @Test
  void reported_progress_pins_started_work_and_fixes_finished_work_for_replanning() {
    tracker.start("gov24", "crew-1", after(1));
    tracker.finish("gov24", "crew-1", after(2));
    tracker.start("mail", "crew-2", after(1));
    ReportedProgress r = tracker.reportedProgress(after(3));
    assertThat(r.now()).isEqualTo(Duration.ofHours(3));
    assertThat(r.started())
        .containsExactly(new ReportedProgress.StartedWork("mail", "crew-2", Duration.ofHours(1)));
    assertThat(r.finished())
        .containsExactly(
            new ReportedProgress.FinishedWork(
                "gov24", "crew-1", Duration.ofHours(1), Duration.ofHours(2)));
  }
}
