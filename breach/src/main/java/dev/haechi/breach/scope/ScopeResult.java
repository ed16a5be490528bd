package dev.haechi.breach.scope;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedMap;

/**
 * The answer to a {@link ScopeQuery} (FORMATS.md §5). Only {@code data.subject_ids} count as
 * disclosed; a selected event without them is a request, never a victim.
 *
 * @param subjects distinct data subjects disclosed
 * @param categories for each category, the distinct subjects whose data of that category was
 *     disclosed
 * @param firstAccess the first disclosing event, or {@code null} when nothing was disclosed
 * @param lastAccess the last disclosing event
 * @param requests every selected event, disclosing or not
 * @param byDay distinct subjects disclosed per UTC day ({@code YYYY-MM-DD})
 * @param dataVersion the store's manifest head when the query ran: the same query on the same
 *     version gives the same answer
 * @param selectorSeen whether any event in the whole store (any time) carries the selector's value;
 *     false says plainly that the key, principal or address is unknown to the store
 * @param errors partitions that could not be read (named, skipped): the numbers are then a lower
 *     bound, never presented as complete
 * @param subjectRows one row per subject when asked for, else empty
 */
public record ScopeResult(
    long subjects,
    SortedMap<String, Long> categories,
    Instant firstAccess,
    Instant lastAccess,
    long requests,
    SortedMap<String, Long> byDay,
    ScopeQuery query,
    String dataVersion,
    boolean selectorSeen,
    List<String> errors,
    List<SubjectRow> subjectRows) {

  public ScopeResult {
    errors = List.copyOf(errors);
    subjectRows = List.copyOf(subjectRows);
  }

  public boolean complete() {
    return errors.isEmpty();
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  public static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
