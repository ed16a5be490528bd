package dev.haechi.detection.event;

import tools.jackson.databind.JsonNode;

/**
 * A derived field whose value depends on the events seen before (a stream baseline): it must be
 * computed once per event, in stream order. Rules that read one are evaluated on the engine's
 * ordered stage when events are judged on several threads ({@code DetectionEngine#prepare} / {@code
 * #complete}); every other rule may be evaluated on any thread.
 *
 * <p>The value is computed in two steps so that the ordered stage does as little as possible:
 * {@link #readAhead} reads what the value needs from this one event (paths, lookups, parsing — no
 * stream state), on whatever thread prepares the event; {@link #next} then updates the stream state
 * from that, in stream order. {@link #find} is both steps at once. A field that reads nothing ahead
 * implements {@link #find} alone.
 */
@FunctionalInterface
public interface SequentialField extends FieldAccessor {
  /**
   * What the value needs from {@code root} alone, read on any thread and without stream state
   * (null: nothing, {@link #next} reads the event itself).
   */
  default Object readAhead(JsonNode root) {
    return null;
  }

  /**
   * The value for {@code root} in stream order, given what {@link #readAhead} read of the same
   * event.
   */
  default JsonNode next(JsonNode root, Object readAhead) {
    return find(root);
  }
}
