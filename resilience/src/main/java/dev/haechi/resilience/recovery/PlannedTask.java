package dev.haechi.resilience.recovery;

import java.time.Duration;

/**
 * One task in a plan. Times are offsets from the event.
 *
 * @param crew the crew's name, or null for finished work whose crew was not reported
 * @param status {@code finished} and {@code started} as reported, or {@code planned}
 * @param rtoBreached true when it finishes after its RTO
 */
public record PlannedTask(
    String system,
    int grade,
    String crew,
    Duration start,
    Duration finish,
    String status,
    boolean rtoBreached) {}
