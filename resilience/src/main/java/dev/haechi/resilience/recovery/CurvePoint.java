package dev.haechi.resilience.recovery;

import java.time.Duration;

/** A point of a restoration curve: how many systems are restored at a time after the event. */
public record CurvePoint(Duration sinceEvent, int restored) {}
