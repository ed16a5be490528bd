package dev.haechi.resilience.live;

import java.time.Instant;

/**
 * A breach that was and is no more: history on the entity's page, not an open finding.
 *
 * @param type the finding type it was ({@code replication-lag-over-rpo}, {@code backup-failed},
 *     {@code restore-test-failed})
 * @param about the zone or backup it concerned
 * @param from the first report that showed it
 * @param to the first report that showed it cleared
 */
public record Episode(
    String type, String entity, String about, Instant from, Instant to, String detail) {}
