package dev.haechi.detection.rules;

import java.util.Map;

/**
 * A correlation condition: bounds ({@code gt}, {@code gte}, {@code lt}, {@code lte}, {@code eq},
 * {@code neq}) all of which must hold, and the field for value-based types (or null).
 */
public record CorrelationCondition(String field, Map<String, Double> bounds) {
  public CorrelationCondition {
    bounds = Map.copyOf(bounds);
  }

  /** Whether {@code x} satisfies every bound. */
  public boolean test(double x) {
    for (Map.Entry<String, Double> b : bounds.entrySet()) {
      double v = b.getValue();
      boolean ok =
          switch (b.getKey()) {
            case "gt" -> x > v;
            case "gte" -> x >= v;
            case "lt" -> x < v;
            case "lte" -> x <= v;
            case "eq" -> x == v;
            case "neq" -> x != v;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
