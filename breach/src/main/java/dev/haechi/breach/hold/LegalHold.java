package dev.haechi.breach.hold;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A legal hold: the events a case must preserve (a key, a principal or source addresses, in a
 * half-open time range) and the case's evidence. While active, no partition whose days meet the
 * range is deleted — not by retention, not by any user. It ends only when two different admins have
 * released it.
 *
 * @param releasedBy the admins who released it so far, in order, distinct
 */
public record LegalHold(
    String id,
    String caseRef,
    String kid,
    String principal,
    List<String> sourceIps,
    Instant from,
    Instant to,
    String reason,
    String placedBy,
    Instant placedAt,
    List<String> releasedBy) {

  /** Releases needed, by different admins, before a hold ends. */
  public static final int RELEASES_REQUIRED = 2;

  public LegalHold {
    sourceIps = List.copyOf(sourceIps);
    releasedBy = List.copyOf(releasedBy);
  }

  public boolean active() {
    return releasedBy.size() < RELEASES_REQUIRED;
  }

  /** True when the held range meets the UTC day {@code day}: its partition must be kept. */
  public boolean covers(LocalDate day) {
    Instant start = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    boolean afterFrom = from == null || end.isAfter(from);
    boolean beforeTo = to == null || start.isBefore(to);
    return afterFrom && beforeTo;
  }
}
