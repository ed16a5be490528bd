package dev.haechi.resilience.live;

import java.util.List;

/**
 * What a reader made of some report lines.
 *
 * @param reports the lines that were used
 * @param bad lines that were skipped (not JSON, unknown entity or backup, unreadable field)
 * @param future lines dated after the as-of time plus the allowed clock skew: flagged, not trusted
 */
public record ReportBatch(List<LiveReport> reports, List<BadLine> bad, List<BadLine> future) {
  public ReportBatch {
    reports = List.copyOf(reports);
    bad = List.copyOf(bad);
    future = List.copyOf(future);
  }
}
