package dev.haechi.breach.scope;

import java.time.Instant;
import java.util.List;

/** One data subject for the notification letters: what of theirs was disclosed, when, how often. */
public record SubjectRow(
    String subjectId,
    List<String> categories,
    Instant firstAccess,
    Instant lastAccess,
    long requests) {
  public SubjectRow {
    categories = List.copyOf(categories);
  }
}
