package dev.haechi.resilience.recovery;

import java.util.List;

/**
 * Totals of a restoration: how many systems are restored (restored state; degraded ones counted
 * apart) overall and per grade.
 */
public record RestorationProgress(
    int restored, int degraded, int restoring, int total, List<GradeProgress> byGrade) {

  /** Progress of one grade (0 = ungraded). */
  public record GradeProgress(int grade, int restored, int total) {}

  public RestorationProgress {
    byGrade = List.copyOf(byGrade);
  }

  /** E.g. {@code "12 of 743 restored; grade 1: 5 of 97; grade 2: 7 of 154; …"}. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    b.append(restored).append(" of ").append(total).append(" restored");
    for (GradeProgress g : byGrade) {
      b.append("; ")
          .append(g.grade() == 0 ? "ungraded" : "grade " + g.grade())
          .append(": ")
          .append(g.restored())
          .append(" of ")
          .append(g.total());
    }
    return b.toString();
  }
}
