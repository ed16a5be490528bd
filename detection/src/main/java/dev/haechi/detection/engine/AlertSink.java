package dev.haechi.detection.engine;

/** Receives alerts as the engine raises them, on the evaluating thread. */
@FunctionalInterface
public interface AlertSink {
  void accept(Alert alert);
}
