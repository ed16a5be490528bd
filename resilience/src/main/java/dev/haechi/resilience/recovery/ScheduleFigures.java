package dev.haechi.resilience.recovery;

/**
 * How good a schedule is, in minutes after the event.
 *
 * @param makespan when the last task finishes
 * @param weightedCompletion sum over tasks of grade weight × finish
 * @param rtoBreaches tasks that finish after their RTO
 * @param weightedRtoBreach sum over breached tasks of grade weight × minutes past the RTO
 */
public record ScheduleFigures(
    long makespan, long weightedCompletion, int rtoBreaches, long weightedRtoBreach) {}
