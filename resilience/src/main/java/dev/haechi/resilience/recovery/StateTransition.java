package dev.haechi.resilience.recovery;

import java.time.Instant;

/**
 * One accepted change of a system's state.
 *
 * @param crew who reported or did it, or null
 * @param note free text, or null
 */
public record StateTransition(
    String system, SystemState from, SystemState to, Instant at, String crew, String note) {}
