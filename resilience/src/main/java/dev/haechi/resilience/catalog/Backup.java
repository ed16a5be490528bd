package dev.haechi.resilience.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A backup copy of one entity's data ({@code kind: Backup}) kept in one zone. A {@code spec.of}
 * reference without a kind is taken as a Resource (backups are of data).
 *
 * @param interval how often it is taken, or null
 * @param lastSuccess when the newest copy was taken, or null
 */
public record Backup(
    String name,
    EntityRef of,
    String zone,
    Duration interval,
    Instant lastSuccess,
    LocalDate lastRestoreTest,
    boolean immutable,
    Source source) {

  public EntityRef ref() {
    return EntityRef.of("backup", name);
  }
}
