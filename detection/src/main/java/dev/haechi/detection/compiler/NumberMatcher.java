package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;
import dev.haechi.detection.rules.Modifier;

/**
 * {@code lt}, {@code lte}, {@code gt}, {@code gte} (and plain equality for time parts): the value
 * read as a number (JSON number or numeric text) compared with the rule's number.
 */
record NumberMatcher(Modifier op, double bound) implements ValueMatcher {
  @Override
  public boolean matches(FieldValue value) {
    if (value.text() == null) {
      return false;
    }
    double x;
    try {
      x = Double.parseDouble(value.text().trim());
    } catch (NumberFormatException e) {
      return false;
    }
    return test(op, x, bound);
  }

  static boolean test(Modifier op, double x, double bound) {
    if (op == null) {
      return x == bound;
    }
    return switch (op) {
      case LT -> x < bound;
      case LTE -> x <= bound;
      case GT -> x > bound;
      case GTE -> x >= bound;
      default -> x == bound;
    };
  }
}
