package dev.haechi.demo.government;

/**
 * A {@code haechi.dev/v1alpha1 Backup} (FORMATS.md §3).
 *
 * @param of the backed-up resource's reference
 * @param interval {@code 24h} or {@code 30d}
 * @param lastSuccess ISO-8601 with offset
 * @param lastRestoreTest an ISO date, or null when never tested
 */
record Backup(
    String name,
    String of,
    String zone,
    String interval,
    String lastSuccess,
    String lastRestoreTest,
    boolean immutable) {

  boolean monthly() {
    return interval.equals("30d");
  }
}
