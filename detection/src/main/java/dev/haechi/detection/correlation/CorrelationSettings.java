package dev.haechi.detection.correlation;

import java.time.Duration;

/**
 * Bounds and tolerance of correlation state. {@code lateTolerance}: how far behind the newest event
 * time an event may arrive and still be counted (later ones are dropped and counted in {@link
 * CorrelationEngine#lateEventsDropped()}); {@code maxGroups}: groups kept per correlation (least
 * recently used evicted); {@code maxEntriesPerGroup}: matches kept per group (oldest dropped);
 * {@code maxEventsPerAlert}: events attached to an alert (the most recent).
 */
public record CorrelationSettings(
    Duration lateTolerance, int maxGroups, int maxEntriesPerGroup, int maxEventsPerAlert) {
  public static final CorrelationSettings DEFAULT =
      new CorrelationSettings(Duration.ofMinutes(5), 100_000, 10_000, 20);
}
