package dev.haechi.resilience.catalog;

import java.util.Locale;

/**
 * The role of a placement ({@code haechi.dev/placement: ZONE:ROLE}). Components run {@code active}
 * or {@code standby}; resources keep their data as {@code primary}, {@code replica-sync} or {@code
 * replica-async}.
 */
public enum Role {
  ACTIVE(false),
  STANDBY(false),
  PRIMARY(true),
  REPLICA_SYNC(true),
  REPLICA_ASYNC(true);

  private final boolean forResources;

  Role(boolean forResources) {
    this.forResources = forResources;
  }

  /** True for the roles a Resource may take, false for those of a Component. */
  public boolean forResources() {
    return forResources;
  }

  private static final Role[] ALL = values();
  private static final String[] LABELS = new String[ALL.length];

  static {
    for (Role r : ALL) {
      LABELS[r.ordinal()] = r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The spelling used in the catalog, e.g. {@code replica-async}. */
  public String label() {
    return LABELS[ordinal()];
  }

  /** Parses a catalog spelling, or returns null when the text is no role. */
  public static Role parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Role r : ALL) {
      if (LABELS[r.ordinal()].equals(t)) {
        return r;
      }
    }
    return null;
  }
}
