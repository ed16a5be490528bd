package dev.haechi.breach.store;

import java.time.LocalDate;

/**
 * One committed Parquet file of the store.
 *
 * @param path relative to the store, {@code day=YYYY-MM-DD/NAME.parquet} (Hive partitioning)
 * @param sha256 the file's digest at commit, checked by {@link StoreVerifier}
 * @param minMicros the earliest event instant in the file (epoch microseconds)
 * @param maxMicros the latest event instant in the file
 */
public record StoredFile(
    String path, String sha256, long bytes, long rows, long minMicros, long maxMicros) {

  /** The UTC day of the partition the file belongs to. */
  public LocalDate day() {
    int at = path.indexOf("day=");
    return LocalDate.parse(path.substring(at + 4, at + 14));
  }
}
