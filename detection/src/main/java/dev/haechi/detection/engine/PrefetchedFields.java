package dev.haechi.detection.engine;

import dev.haechi.detection.correlation.FieldSource;
import java.util.List;

/**
 * A {@link FieldSource} whose fields the correlations will read were read beforehand, on the thread
 * that prepared the event (their hash codes computed too, which the correlations' group keys use),
 * so that the ordered stage only looks them up; any other field is read from the event then, as
 * {@code fields} would.
 */
final class PrefetchedFields implements FieldSource {
  private final String[] names;
  private final List<?>[] values;
  private final FieldSource fields;

  PrefetchedFields(String[] names, FieldSource fields) {
    this.names = names;
    this.fields = fields;
    this.values = new List<?>[names.length];
    for (int i = 0; i < names.length; i++) {
      List<String> v = fields.values(names[i]);
      for (String s : v) {
        s.hashCode(); // cached in the string: group keys hash it on the ordered stage
      }
      values[i] = v;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> values(String ruleField) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(ruleField)) {
        return (List<String>) values[i];
      }
    }
    return fields.values(ruleField);
  }
}
