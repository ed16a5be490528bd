package dev.haechi.detection.rules;

import java.util.List;
import java.util.Map;

/**
 * A correlation condition: bounds ({@code gt}, {@code gte}, {@code lt}, {@code lte}, {@code eq},
 * {@code neq}) all of which must hold, the field(s) for value-based types (empty for the others)
 * and, for {@code value_percentile}, pySigma's {@code percentile} (the percentile of the field's
 * values the bounds compare; null when absent).
 */
public record CorrelationCondition(
    List<String> fields, Map<String, Double> bounds, Integer percentile) {
  public CorrelationCondition {
    fields = List.copyOf(fields);
    bounds = Map.copyOf(bounds);
  }

  public CorrelationCondition(String field, Map<String, Double> bounds) {
    this(field == null ? List.of() : List.of(field), bounds, null);
  }

  /** The (first) condition field, or null. */
  public String field() {
    return fields.isEmpty() ? null : fields.get(0);
  }

  /**
   * Whether the bounds are all lower bounds ({@code gt}, {@code gte}): a count that only grows as
   * the window fills crosses them once, so the alert can be raised at the first crossing. Any upper
   * bound ({@code lt}, {@code lte}, {@code eq}, {@code neq}) can only be judged on the whole
   * window.
   */
  public boolean onlyLowerBounds() {
    for (String k : bounds.keySet()) {
      if (!k.equals("gt") && !k.equals("gte")) {
        return false;
      }
    }
    return true;
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
