package dev.haechi.resilience.simulation;

/**
 * Data an entity loses: {@code "all"} when no replica or backup survives, otherwise how much (a
 * duration such as {@code 6h}, FORMATS.md §4).
 */
public record DataLoss(String entity, String lost) {
  public static final String ALL = "all";

  public boolean lostForGood() {
    return ALL.equals(lost);
  }
}
