package dev.haechi.app.detection;

import java.util.List;

/**
 * What one ingested batch did: events evaluated, lines rejected (with the first {@link
 * DetectionService#REPORTED_REJECTIONS} reasons, each naming its line), alerts raised, and of those
 * how many were new, how many opened an acknowledged or closed alert again, and how many could not
 * be stored (logged; the batch went on).
 */
public record IngestResult(
    long events,
    long rejected,
    List<String> rejections,
    long alerts,
    long newAlerts,
    long reopenedAlerts,
    long alertsNotStored) {
  public IngestResult(
      long events, long rejected, List<String> rejections, long alerts, long newAlerts) {
    this(events, rejected, rejections, alerts, newAlerts, 0, 0);
  }
}
