package dev.haechi.app.security;

import java.util.Locale;

/**
 * What a user may do. Each role includes the ones below it: an admin can do what an analyst can, an
 * analyst what a viewer can.
 */
public enum Role {
  /** Reads findings, alerts, the catalog and the console. */
  VIEWER,
  /** Also imports data, runs engines, resolves cases, proposes remediation plans. */
  ANALYST,
  /** Also manages users and settings, approves plans, reads the audit log. */
  ADMIN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String authority() {
    return "ROLE_" + name();
  }

  public boolean includes(Role other) {
    return ordinal() >= other.ordinal();
  }

  /** Parses {@code viewer|analyst|admin}; the message names the accepted values. */
  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "' (expected viewer, analyst or admin)");
  }
}
