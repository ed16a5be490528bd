package dev.haechi.detection.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * A Sigma value modifier from the modifiers appendix (Sigma specification v2.1, {@code
 * sigma-appendix-modifiers.md}). Every modifier the appendix names is here; a name not here is an
 * unsupported feature and the loader reports it.
 */
public enum Modifier {
  CONTAINS,
  STARTSWITH,
  ENDSWITH,
  ALL,
  EXISTS,
  CASED,
  NEQ,
  WINDASH,
  RE,
  /** {@code re} sub-modifier: case-insensitive. */
  I,
  /** {@code re} sub-modifier: multi-line. */
  M,
  /** {@code re} sub-modifier: dot matches newline. */
  S,
  BASE64,
  BASE64OFFSET,
  UTF16LE,
  UTF16BE,
  UTF16,
  WIDE,
  LT,
  LTE,
  GT,
  GTE,
  MINUTE,
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR,
  CIDR,
  EXPAND,
  FIELDREF;

  /** The modifier spelled {@code name} in a rule, if Sigma defines it. */
  public static Optional<Modifier> named(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (Modifier m : values()) {
      if (m.name().equals(upper)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  public boolean isTimePart() {
    return this == MINUTE
        || this == HOUR
        || this == DAY
        || this == WEEK
        || this == MONTH
        || this == YEAR;
  }

  public boolean isComparison() {
    return this == LT || this == LTE || this == GT || this == GTE;
  }

  public boolean isEncoding() {
    return this == UTF16LE || this == UTF16BE || this == UTF16 || this == WIDE;
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
