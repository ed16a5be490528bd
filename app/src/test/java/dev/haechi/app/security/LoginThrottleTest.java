package dev.haechi.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle = new LoginThrottle(5, 20, Duration.ofMinutes(15), clock);

  @Test
  void five_failures_for_one_user_block_that_user_until_the_window_passes() {
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.isBlocked("admin", "10.0.0.1")).isFalse();
      throttle.recordFailure("admin", "10.0.0.1");
    }
    assertThat(throttle.isBlocked("Admin ", "10.0.0.1")).isTrue();
    assertThat(throttle.isBlocked("alice", "10.0.0.2")).isFalse();
    // Issue 12: failures from one address do not lock the user out from their own.
    assertThat(throttle.isBlocked("admin", "10.0.0.2")).isFalse();
    clock.advance(Duration.ofMinutes(16));
    assertThat(throttle.isBlocked("admin", "10.0.0.1")).isFalse();
  }

  @Test
  void one_address_guessing_many_usernames_is_blocked() {
    for (int i = 0; i < 20; i++) {
      throttle.recordFailure("user" + i, "10.0.0.9");
    }
    assertThat(throttle.isBlocked("someone-new", "10.0.0.9")).isTrue();
    assertThat(throttle.isBlocked("someone-new", "10.0.0.10")).isFalse();
  }

  @Test
  void a_successful_login_clears_the_users_failures() {
    for (int i = 0; i < 4; i++) {
      throttle.recordFailure("admin", "10.0.0.1");
    }
    throttle.recordSuccess("admin", "10.0.0.1");
    throttle.recordFailure("admin", "10.0.0.1");
    assertThat(throttle.isBlocked("admin", "10.0.0.1")).isFalse();
  }

  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
