package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;

/** A {@code null} rule value: the field is absent or JSON null. */
enum NullMatcher implements ValueMatcher {
  INSTANCE;

  @Override
  public boolean matches(FieldValue value) {
    return value.isNull();
  }

  @Override
  public boolean matchesAbsent() {
    return true;
  }
}
