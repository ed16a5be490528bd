package dev.haechi.resilience.live;

import dev.haechi.resilience.catalog.EntityRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of FORMATS.md §3.1: a backup run, a replication lag sample or a restore test. {@code
 * origin} says where it came from ({@code FILE:LINE}, or the request that posted it), so that a
 * finding can cite it as evidence.
 */
public sealed interface LiveReport {
  /** When the tool said it (the line's {@code time}). */
  Instant time();

  /** {@code FILE:LINE} or the request that carried it. */
  String origin();

  /** The catalog entity it is about. */
  EntityRef of();

  /**
   * A backup run.
   *
   * @param completed when the copy was complete ({@code completed}, else {@code time})
   * @param bytes its size, or -1 when not said
   */
  record BackupRun(
      Instant time,
      EntityRef of,
      String backup,
      boolean success,
      Instant completed,
      long bytes,
      String detail,
      String origin)
      implements LiveReport {
    public BackupRun {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(of, "of");
      Objects.requireNonNull(backup, "backup");
      Objects.requireNonNull(completed, "completed");
    }
  }

  /** How far the copy of {@code of} kept in {@code zone} trails its primary. */
  record ReplicationSample(Instant time, EntityRef of, String zone, Duration lag, String origin)
      implements LiveReport {
    public ReplicationSample {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(of, "of");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(lag, "lag");
    }
  }

  /** A test restore of a backup. */
  record RestoreTest(
      Instant time, EntityRef of, String backup, boolean success, String detail, String origin)
      implements LiveReport {
    public RestoreTest {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(backup, "backup");
    }
  }
}
