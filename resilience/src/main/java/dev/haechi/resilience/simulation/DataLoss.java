package dev.haechi.resilience.simulation;

/**
 * Data an entity loses: {@code "all"} when no replica or backup survives, {@code "unknown"} when
 * the only surviving copies are backups with no known success, otherwise how much (a duration such
 * as {@code 6h}, FORMATS.md §4).
 */
public record DataLoss(String entity, String lost) {
  public static final String ALL = "all";

  /**
   * A copy survives (a backup with no known success), so not lost for good; how much is unknown.
   */
  public static final String UNKNOWN = "unknown";

  public boolean unknown() {
    return UNKNOWN.equals(lost);
  }

  public boolean lostForGood() {
    return ALL.equals(lost);
  }
}
