package dev.haechi.breach.event;

import java.util.List;

/**
 * One gateway or application access event (FORMATS.md §2) as the store keeps it: the ECS fields a
 * breach investigation asks about, the verified token ({@code token.*}) and what the response
 * disclosed ({@code data.*}). Absent fields are {@code null}; absent arrays are empty.
 *
 * @param micros the event's instant ({@code @timestamp}, offset honoured), microseconds since the
 *     epoch
 * @param subjectIds {@code data.subject_ids}: whose personal data the response disclosed
 * @param categories {@code data.categories}: which kinds of their data
 */
public record AccessEvent(
    long micros,
    String action,
    String outcome,
    String service,
    String userId,
    String sourceIp,
    String country,
    String method,
    String path,
    Long status,
    String kid,
    String sub,
    String iss,
    Long iat,
    Long exp,
    List<String> subjectIds,
    List<String> categories) {

  public AccessEvent {
    subjectIds = List.copyOf(subjectIds);
    categories = List.copyOf(categories);
  }

  /** True when the response disclosed someone's data: a request with subjects, not a 404. */
  public boolean disclosing() {
    return !subjectIds.isEmpty();
  }
}
