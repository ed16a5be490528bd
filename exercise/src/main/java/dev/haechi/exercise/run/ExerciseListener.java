package dev.haechi.exercise.run;

import java.time.Instant;

/** Follows a run as it goes (the CLI's progress line, the console's live timeline). */
public interface ExerciseListener {
  /** About every 1% of the simulated time: where the run is and how many events it fed. */
  default void progress(Instant simulated, double fraction, long events, long alerts) {}

  /** Something happened in simulated time: an inject began, a rule fired, a failure was planned. */
  default void timeline(Instant simulated, String kind, String text) {}

  ExerciseListener NONE = new ExerciseListener() {};
}
