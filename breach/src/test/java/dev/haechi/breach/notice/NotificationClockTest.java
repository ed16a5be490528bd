package dev.haechi.breach.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NotificationClockTest {
  private static final Instant AWARE = Instant.parse("2025-06-24T09:00:00Z");

  @Test
  void within_the_window_it_counts_down_in_hours_and_minutes() {
    var clock = NotificationClock.of(AWARE, AWARE.plus(Duration.ofMinutes(30 * 60 + 48)));
    assertThat(clock.late()).isFalse();
    assertThat(clock.describe()).isEqualTo("41h 12m left");
  }

  @Test
  void at_the_deadline_it_is_late() {
    var clock = NotificationClock.of(AWARE, AWARE.plus(NotificationClock.WINDOW));
    assertThat(clock.late()).isTrue();
    assertThat(clock.describe()).isEqualTo("LATE by 0h 00m");
  }

  @Test
  void long_past_the_deadline_it_says_days_not_thousands_of_hours() {
    Instant now = AWARE.plus(NotificationClock.WINDOW).plus(Duration.ofMinutes(12659 * 60 + 29));
    assertThat(NotificationClock.of(AWARE, now).describe())
        .isEqualTo("LATE by 527 days 11h (12659h 29m)");
  }
}
