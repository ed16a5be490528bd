package dev.haechi.breach.notice;

import java.time.Duration;
import java.time.Instant;

/**
 * The 72-hour notification clock (GDPR Art. 33(1): the supervisory authority within 72 hours of
 * becoming aware; PIPA Art. 34 and its Enforcement Decree Art. 39/40: the data subjects and, for
 * 1,000 or more people, the PIPC within 72 hours). Late is reported as late, never hidden.
 */
public record NotificationClock(Instant awareAt, Instant deadline, Instant now) {
  public static final Duration WINDOW = Duration.ofHours(72);

  public static NotificationClock of(Instant awareAt, Instant now) {
    return new NotificationClock(awareAt, awareAt.plus(WINDOW), now);
  }

  public boolean late() {
    return !now.isBefore(deadline);
  }

  /** Time left (negative when late). */
  public Duration remaining() {
    return Duration.between(now, deadline);
  }

  /**
   * "41h 12m left", "LATE by 5h 03m", or past two days "LATE by 527 days 11h (12659h 29m)": a duty
   * officer reads days, the hours stay for the record.
   */
  public String describe() {
    Duration abs = remaining().abs();
    String hm = String.format("%dh %02dm", abs.toHours(), abs.toMinutesPart());
    String text =
        abs.toHours() < 48
            ? hm
            : String.format("%d days %dh (%s)", abs.toDays(), abs.toHoursPart(), hm);
    return late() ? "LATE by " + text : text + " left";
  }
}
