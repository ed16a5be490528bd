package dev.haechi.detection.identity;

import dev.haechi.detection.engine.EventTime;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * Event time in epoch milliseconds without {@code java.time} parsing for the common ECS shape
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)} (read by {@link EventTime#isoEpochMilli}, the
 * same reader {@link EventTime#instant} uses); anything else falls back to {@link
 * EventTime#instant}, which this agrees with (a property test checks it). Used on every event by
 * the disclosure baseline, where {@code OffsetDateTime.parse} cost more than the rest of the work.
 */
final class IsoMillis {
  /** Returned when the event has no readable time. */
  static final long NONE = EventTime.NOT_ISO;

  private IsoMillis() {}

  static long of(JsonNode root) {
    JsonNode t = root.get("@timestamp");
    if (t != null && t.isString()) {
      long fast = parse(t.asString());
      if (fast != NONE) {
        return fast;
      }
    }
    Instant slow = EventTime.instant(root);
    return slow == null ? NONE : slow.toEpochMilli();
  }

  /**
   * The millis of {@code s} in the common shape, or {@link #NONE} for any other text: {@link
   * EventTime#isoEpochMilli}, the engine's one ISO-8601 reader.
   */
  static long parse(String s) {
    return EventTime.isoEpochMilli(s);
  }
}
