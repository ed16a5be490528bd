package dev.haechi.detection.correlation;

import java.time.Clock;
import java.time.Duration;

/**
 * Bounds and tolerances of correlation state.
 *
 * <ul>
 *   <li>{@code lateTolerance}: how far behind its <em>group's</em> newest event time an occurrence
 *       may arrive and still be counted (later ones are dropped and counted in {@link
 *       CorrelationEngine#lateEventsDropped()});
 *   <li>{@code maxGroups}: groups kept per correlation (least recently used evicted);
 *   <li>{@code maxEntriesPerGroup}: matches kept per group (oldest dropped);
 *   <li>{@code maxEventsPerAlert}: events attached to an alert (the most recent);
 *   <li>{@code maxWatermarkJump}: how far one event may move the stream's watermark (which closes
 *       idle groups' windows) forward at once; an event further ahead moves it only when {@link
 *       #CONFIRMING_EVENTS} consecutive events agree, so one wrongly dated event cannot close every
 *       window;
 *   <li>{@code futureTolerance}: events dated more than this after {@code clock}'s now are too far
 *       in the future: not correlated, counted in {@link CorrelationEngine#futureEventsDropped()}.
 * </ul>
 */
public record CorrelationSettings(
    Duration lateTolerance,
    int maxGroups,
    int maxEntriesPerGroup,
    int maxEventsPerAlert,
    Duration maxWatermarkJump,
    Duration futureTolerance,
    Clock clock) {
  /** Consecutive events further ahead than {@code maxWatermarkJump} that move the watermark. */
  public static final int CONFIRMING_EVENTS = 3;

  public static final CorrelationSettings DEFAULT =
      new CorrelationSettings(Duration.ofMinutes(5), 100_000, 10_000, 20);

  public CorrelationSettings(
      Duration lateTolerance, int maxGroups, int maxEntriesPerGroup, int maxEventsPerAlert) {
    this(
        lateTolerance,
        maxGroups,
        maxEntriesPerGroup,
        maxEventsPerAlert,
        Duration.ofHours(1),
        Duration.ofDays(1),
        Clock.systemUTC());
  }

  public CorrelationSettings withClock(Clock c) {
    return new CorrelationSettings(
        lateTolerance,
        maxGroups,
        maxEntriesPerGroup,
        maxEventsPerAlert,
        maxWatermarkJump,
        futureTolerance,
        c);
  }
}
