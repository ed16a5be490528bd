package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What crews have reported so far, for re-planning: work started (pinned to its crew and start) and
 * work finished (fixed at its actual finish), as of {@code now}. Times are offsets from the event.
 */
public record ReportedProgress(
    Duration now, List<StartedWork> started, List<FinishedWork> finished) {

  /**
   * A task a crew has started and not finished. {@code crew} is null when the report did not name
   * the crew (the console and the API accept that): the replan then assumes a crew that is not
   * reported busy elsewhere.
   */
  public record StartedWork(String system, String crew, Duration start) {
    public StartedWork {
      Objects.requireNonNull(system, "system");
      Objects.requireNonNull(start, "start");
    }
  }

  /**
   * A task finished.
   *
   * @param crew who did it, or null when not known
   * @param start when it started, or null when not known
   */
  public record FinishedWork(String system, String crew, Duration start, Duration finish) {
    public FinishedWork {
      Objects.requireNonNull(system, "system");
      Objects.requireNonNull(finish, "finish");
    }
  }

  public ReportedProgress {
    Objects.requireNonNull(now, "now");
    started = List.copyOf(started);
    finished = List.copyOf(finished);
  }

  /** Nothing reported yet, at the event itself: the initial plan. */
  public static ReportedProgress none() {
    return new ReportedProgress(Duration.ZERO, List.of(), List.of());
  }
}
