package dev.haechi.exercise.run;

import java.time.Duration;

/**
 * A point of a restoration curve: {@code restored} of {@code of} systems back {@code after} the
 * event.
 */
public record RestorationPoint(Duration after, int restored, int of) {}
