package dev.haechi.exercise.run;

import java.time.Instant;

/**
 * One line of a run's timeline.
 *
 * @param kind {@code inject}, {@code alert}, {@code world}, {@code failure}
 * @param inject the inject it is about, or null
 */
public record TimelineEntry(Instant at, String kind, String inject, String text) {}
