package dev.haechi.resilience.recovery;

import java.util.Locale;

/** Where a system stands in the restoration. */
public enum SystemState {
  DOWN,
  RESTORING,
  RESTORED,
  DEGRADED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The transitions a crew may report: down → restoring (start); restoring → restored (finish),
   * degraded (finished, impaired) or down (given up); restored → degraded or down (it failed
   * again); degraded → restored, restoring (work on it again) or down.
   */
  public boolean mayBecome(SystemState to) {
    switch (this) {
      case DOWN:
        return to == RESTORING;
      case RESTORING:
        return to == RESTORED || to == DEGRADED || to == DOWN;
      case RESTORED:
        return to == DEGRADED || to == DOWN;
      case DEGRADED:
        return to == RESTORED || to == RESTORING || to == DOWN;
      default:
        return false;
    }
  }
}
