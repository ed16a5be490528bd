package dev.haechi.resilience.simulation;

/**
 * How much a stopped entity (or one whose data is lost for good) weighs in a worst-case ranking, by
 * grade. The default weights are powers of ten, so that one more grade-1 service outweighs any
 * realistic number of grade-2 ones, matching the rule that grade 1–2 systems go first.
 *
 * @param byGrade weights indexed by grade, index 0 for ungraded entities
 */
public record ImpactWeights(long[] byGrade) {
  public static final ImpactWeights DEFAULT = new ImpactWeights(new long[] {1, 1000, 100, 10, 1});

  public ImpactWeights {
    if (byGrade.length != 5) {
      throw new IllegalArgumentException("weights for ungraded and grades 1-4 are needed");
    }
    byGrade = byGrade.clone();
  }

  public long of(int grade) {
    return byGrade[grade];
  }

  @Override
  public long[] byGrade() {
    return byGrade.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImpactWeights w && java.util.Arrays.equals(byGrade, w.byGrade);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(byGrade);
  }

  @Override
  public String toString() {
    return "ImpactWeights" + java.util.Arrays.toString(byGrade);
  }
}
