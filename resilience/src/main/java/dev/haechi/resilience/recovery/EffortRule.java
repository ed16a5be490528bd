package dev.haechi.resilience.recovery;

import dev.haechi.resilience.catalog.Workload;
import java.time.Duration;

/**
 * The deterministic rule that turns a catalog entity and what happened to it into crew time.
 *
 * <p>{@code E} is the entity's {@code haechi.dev/restore-effort} (FORMATS.md: crew-hours to bring
 * it back when its placement is lost), or {@link #DEFAULT_RESTORE_EFFORT} when the catalog gives
 * none.
 *
 * <ul>
 *   <li>stopped, nothing of it burned (power, cooling, or a dependency stopped): {@link
 *       EffortBasis#RESTART}, {@code max(1h, E/4)} rounded up to the minute: the hardware is
 *       intact, the crew restarts, checks consistency and verifies;
 *   <li>a placement burned and its data survives (a replica or backup elsewhere, or it holds no
 *       data): {@link EffortBasis#RESTORE}, {@code E};
 *   <li>a placement burned and its data is lost for good: {@link EffortBasis#REBUILD}, {@code
 *       REBUILD_FACTOR × E}.
 * </ul>
 *
 * <p>A missing {@code restore-effort} is one rule everywhere ({@link #restoreEffort}): the default
 * {@code E} of 8 hours, flagged ({@code RestorationProblem.effortDefaulted}, and the evidence of
 * {@code rto-unachievable}); a lost system is never made unplannable for the lack of it.
 */
public final class EffortRule {
  /** Used as {@code E} when an entity has no {@code haechi.dev/restore-effort}. */
  public static final Duration DEFAULT_RESTORE_EFFORT = Duration.ofHours(8);

  /** A rebuild without data costs this many times a restore from a copy. */
  public static final int REBUILD_FACTOR = 2;

  /** Restarting on intact hardware costs {@code E} divided by this, and at least one hour. */
  public static final int RESTART_DIVISOR = 4;

  private EffortRule() {}

  /** The basis for an entity that stopped, burned, or both. */
  public static EffortBasis basis(Workload w, boolean destroyed, boolean dataLostForGood) {
    if (!destroyed) {
      return EffortBasis.RESTART;
    }
    if (!dataLostForGood) {
      return EffortBasis.RESTORE;
    }
    return EffortBasis.REBUILD;
  }

  /**
   * {@code E}: the entity's {@code haechi.dev/restore-effort}, or {@link #DEFAULT_RESTORE_EFFORT}.
   * The one rule for a missing effort, used by the planner and by {@code rto-unachievable}.
   */
  public static Duration restoreEffort(Workload w) {
    return w.restoreEffort() == null ? DEFAULT_RESTORE_EFFORT : w.restoreEffort();
  }

  /** True when {@link #restoreEffort} is the default, which the plan and findings flag. */
  public static boolean effortDefaulted(Workload w) {
    return w.restoreEffort() == null;
  }

  /** The effort for that basis, or null for {@link EffortBasis#NONE}. */
  public static Duration effort(Workload w, EffortBasis basis) {
    return effort(restoreEffort(w), basis);
  }

  /** The effort for that basis from {@code E}, or null for {@link EffortBasis#NONE}. */
  public static Duration effort(Duration e, EffortBasis basis) {
    switch (basis) {
      case RESTART:
        Duration restart = e.dividedBy(RESTART_DIVISOR);
        return ceilToMinute(
            restart.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : restart);
      case RESTORE:
      case GIVEN:
        return ceilToMinute(e);
      case REBUILD:
        return ceilToMinute(e.multipliedBy(REBUILD_FACTOR));
      default:
        return null;
    }
  }

  private static Duration ceilToMinute(Duration d) {
    long minutes = (d.getSeconds() + 59) / 60;
    return Duration.ofMinutes(Math.max(1, minutes));
  }
}
