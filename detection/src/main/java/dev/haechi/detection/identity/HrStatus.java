package dev.haechi.detection.identity;

import java.util.Locale;

/**
 * A principal's employment status as seen at an event's time: the value of the enrichment field
 * {@code haechi.user.hr_status}. An employee on leave is {@code active} (still employed, FORMATS.md
 * §1.1).
 */
public enum HrStatus {
  ACTIVE,
  TERMINATED,
  /** Not on the roster (customers, service accounts, unknown names). */
  UNKNOWN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
