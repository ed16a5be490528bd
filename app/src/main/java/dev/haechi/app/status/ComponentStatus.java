package dev.haechi.app.status;

import java.util.Locale;

/** Atlassian Statuspage's component states, in order of severity. */
public enum ComponentStatus {
  OPERATIONAL("Operational"),
  UNDER_MAINTENANCE("Under maintenance"),
  DEGRADED_PERFORMANCE("Degraded performance"),
  PARTIAL_OUTAGE("Partial outage"),
  MAJOR_OUTAGE("Major outage");

  private final String label;

  ComponentStatus(String label) {
    this.label = label;
  }

  /** The wire name, e.g. {@code major_outage}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String label() {
    return label;
  }

  public static ComponentStatus parse(String text) {
    for (ComponentStatus s : values()) {
      if (s.wire().equals(text)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "status: '"
            + text
            + "' is not operational, degraded_performance, partial_outage, major_outage or"
            + " under_maintenance");
  }
}
