package dev.haechi.detection.rules;

import java.util.Optional;

/** The seven correlation types of Sigma v2.1. */
public enum CorrelationType {
  EVENT_COUNT,
  VALUE_COUNT,
  TEMPORAL,
  TEMPORAL_ORDERED,
  VALUE_SUM,
  VALUE_AVG,
  VALUE_PERCENTILE;

  public static Optional<CorrelationType> named(String s) {
    for (CorrelationType t : values()) {
      if (t.name().equalsIgnoreCase(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether the condition needs a {@code field}. */
  public boolean needsField() {
    return this == VALUE_COUNT
        || this == VALUE_SUM
        || this == VALUE_AVG
        || this == VALUE_PERCENTILE;
  }

  public boolean isTemporal() {
    return this == TEMPORAL || this == TEMPORAL_ORDERED;
  }
}
