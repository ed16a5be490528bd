package dev.haechi.detection.correlation;

import dev.haechi.detection.rules.CorrelationCondition;
import java.util.Map;

/**
 * A correlation condition's bounds made into arrays once per correlation: {@link
 * CorrelationCondition#test} walks its map and switches on each bound's name, and {@link
 * CorrelationCondition#onlyLowerBounds} walks the names, on every occurrence of the correlation's
 * rules. Same answers ({@code CorrelationAgreementTest} runs both through the windows and the
 * engine).
 */
final class Bounds {
  private static final int GT = 0;
  private static final int GTE = 1;
  private static final int LT = 2;
  private static final int LTE = 3;
  private static final int EQ = 4;
  private static final int NEQ = 5;
  private static final int UNKNOWN = 6;

  private final int[] ops;
  private final double[] values;

  /** {@link CorrelationCondition#onlyLowerBounds()}. */
  final boolean onlyLowerBounds;

  private Bounds(CorrelationCondition condition) {
    Map<String, Double> bounds = condition.bounds();
    ops = new int[bounds.size()];
    values = new double[bounds.size()];
    int i = 0;
    for (Map.Entry<String, Double> b : bounds.entrySet()) {
      ops[i] =
          switch (b.getKey()) {
            case "gt" -> GT;
            case "gte" -> GTE;
            case "lt" -> LT;
            case "lte" -> LTE;
            case "eq" -> EQ;
            case "neq" -> NEQ;
            default -> UNKNOWN;
          };
      values[i++] = b.getValue();
    }
    onlyLowerBounds = condition.onlyLowerBounds();
  }

  static Bounds of(CorrelationCondition condition) {
    return new Bounds(condition);
  }

  /** {@link CorrelationCondition#test(double)}. */
  boolean test(double x) {
    for (int i = 0; i < ops.length; i++) {
      double v = values[i];
      boolean ok =
          switch (ops[i]) {
            case GT -> x > v;
            case GTE -> x >= v;
            case LT -> x < v;
            case LTE -> x <= v;
            case EQ -> x == v;
            case NEQ -> x != v;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
