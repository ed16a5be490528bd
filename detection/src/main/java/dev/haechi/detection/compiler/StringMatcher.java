package dev.haechi.detection.compiler;

import dev.haechi.detection.event.CaseFold;
import dev.haechi.detection.event.FieldValue;
import java.util.List;

/**
 * A wildcard-free comparison: equals, starts with, ends with or contains; case-insensitive
 * (comparing lower-cased text, Sigma's default) unless {@code cased}.
 */
record StringMatcher(Kind kind, String needle, boolean cased) implements ValueMatcher {
  enum Kind {
    EQUALS,
    PREFIX,
    SUFFIX,
    CONTAINS
  }

  static StringMatcher of(Kind kind, String text, boolean cased) {
    return new StringMatcher(kind, cased ? text : CaseFold.fold(text), cased);
  }

  @Override
  public boolean matches(FieldValue value) {
    String s = cased ? value.text() : value.lower();
    if (s == null) {
      return false;
    }
    return switch (kind) {
      case EQUALS -> s.equals(needle);
      case PREFIX -> s.startsWith(needle);
      case SUFFIX -> s.endsWith(needle);
      case CONTAINS -> s.contains(needle);
    };
  }

  @Override
  public List<String> literals() {
    return needle.isEmpty() ? null : List.of(CaseFold.fold(needle));
  }
}
