package dev.haechi.detection.rules;

import java.util.List;
import java.util.Map;

/**
 * A rule's {@code detection}: its search identifiers by name (in file order) and its condition(s);
 * several conditions are alternatives.
 */
public record Detection(Map<String, SearchIdentifier> identifiers, List<Condition> conditions) {
  public Detection {
    identifiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(identifiers));
    conditions = List.copyOf(conditions);
  }
}
