package dev.haechi.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing an engine found that a person should act on, in the shape FORMATS.md §4 promises:
 * {@code {"type","severity","title","subject":{…},"evidence":[…],"remedy"}}.
 *
 * @param type the finding type, e.g. {@code leaver-active-account} or {@code no-backup}
 * @param subject the references that apply ({@code person}, {@code system}, {@code account}, {@code
 *     secret}, {@code entity}), in a stable order
 * @param evidence the records that prove it, each a line a person can check (file and line, log
 *     entry, catalog field)
 * @param remedy what to do about it
 */
public record Finding(
    String type,
    Severity severity,
    String title,
    Map<String, String> subject,
    List<String> evidence,
    String remedy) {

  public Finding {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    // Insertion order kept (Map.copyOf's order changes from JVM to JVM), so reports are stable.
    subject = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(subject));
    evidence = List.copyOf(evidence);
    Objects.requireNonNull(remedy, "remedy");
  }
}
