package dev.haechi.core;

import java.util.Locale;

/** How urgent a finding is, ordered from most to least severe (FORMATS.md §4). */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW,
  INFO;

  /** The lower-case name used in JSON output and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this severity is at least as severe as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }

  /**
   * Parses {@code critical|high|medium|low|info}, case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.label().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "' (expected critical, high, medium, low or info)");
  }
}
