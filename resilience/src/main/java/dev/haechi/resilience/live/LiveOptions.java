package dev.haechi.resilience.live;

import java.time.Duration;

/**
 * Thresholds of the live check.
 *
 * @param restoreTestMaxAge a backup with no successful restore test this recent is {@code
 *     restore-test-overdue} (default 90 days)
 * @param overdueIntervals a backup with no success within this many intervals is {@code
 *     backup-overdue} (default 1.5)
 * @param replicationSilence a replica that reported lag before and has said nothing for this long
 *     (or for three of its usual gaps between samples, when longer) is {@code report-stale}
 *     (default 15 minutes)
 * @param backupSilenceIntervals a backup that reported runs before and has reported none for this
 *     many intervals is {@code report-stale} (default 2)
 */
public record LiveOptions(
    Duration restoreTestMaxAge,
    double overdueIntervals,
    Duration replicationSilence,
    double backupSilenceIntervals) {

  public static final LiveOptions DEFAULTS =
      new LiveOptions(Duration.ofDays(90), 1.5, Duration.ofMinutes(15), 2.0);
}
