package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Alternatives one rule value expanded to ({@code windash}, {@code base64offset}, placeholders).
 */
record AnyOfMatcher(List<ValueMatcher> options) implements ValueMatcher {
  static ValueMatcher of(List<ValueMatcher> options) {
    return options.size() == 1 ? options.get(0) : new AnyOfMatcher(List.copyOf(options));
  }

  @Override
  public boolean matches(FieldValue value) {
    for (ValueMatcher m : options) {
      if (m.matches(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean matchesAbsent() {
    return options.stream().anyMatch(ValueMatcher::matchesAbsent);
  }

  @Override
  public List<String> literals() {
    List<String> out = new ArrayList<>();
    for (ValueMatcher m : options) {
      List<String> l = m.literals();
      if (l == null) {
        return null;
      }
      out.addAll(l);
    }
    return out;
  }
}
