package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;
import java.util.List;

/** Decides whether one scalar field value satisfies one (compiled) Sigma value. Immutable. */
public interface ValueMatcher {
  boolean matches(FieldValue value);

  /** Whether the value is satisfied by an absent field (only {@code null} is). */
  default boolean matchesAbsent() {
    return false;
  }

  /**
   * Lower-case literals at least one of which occurs in the lower-cased value whenever this
   * matches, or null when there is no such set (used by the candidate index).
   */
  default List<String> literals() {
    return null;
  }
}
