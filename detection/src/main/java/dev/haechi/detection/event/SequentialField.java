package dev.haechi.detection.event;

/**
 * A derived field whose value depends on the events seen before (a stream baseline): it must be
 * computed once per event, in stream order. Rules that read one are evaluated on the engine's
 * ordered stage when events are judged on several threads ({@code DetectionEngine#prepare} / {@code
 * #complete}); every other rule may be evaluated on any thread.
 */
@FunctionalInterface
public interface SequentialField extends FieldAccessor {}
