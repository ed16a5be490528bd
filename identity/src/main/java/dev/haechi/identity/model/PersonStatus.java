package dev.haechi.identity.model;

import java.util.Locale;

/** Employment status from the HR roster (FORMATS.md §1.1). */
public enum PersonStatus {
  ACTIVE,
  LEAVE,
  TERMINATED;

  /** The lower-case word the roster uses. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code active|leave|terminated}, case-insensitively; null when it is none of them. */
  public static PersonStatus parseOrNull(String text) {
    for (PersonStatus s : values()) {
      if (s.label().equalsIgnoreCase(text.trim())) {
        return s;
      }
    }
    return null;
  }
}
