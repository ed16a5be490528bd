package dev.haechi.detection.rules;

import java.util.List;

/**
 * One detection item: a field (or no field, for keywords), its modifiers in the order written, and
 * its values. Values are {@code String}, {@code Long}, {@code Double}, {@code Boolean} or {@code
 * null} exactly as YAML gave them. Without {@link Modifier#ALL} the values are alternatives (OR);
 * with it, all must hold.
 */
public record FieldCondition(String field, List<Modifier> modifiers, List<Object> values) {
  public FieldCondition {
    modifiers = List.copyOf(modifiers);
    values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
  }

  public boolean isKeyword() {
    return field == null;
  }

  public boolean has(Modifier m) {
    return modifiers.contains(m);
  }
}
