package dev.haechi.resilience.catalog;

import java.util.Map;

/**
 * Where an entity was written: the file, the line of its document, and the lines of the fields a
 * finding may cite as evidence ({@code spec.installed}, {@code
 * metadata.annotations.haechi.dev/grade}).
 */
public record Source(String file, int line, Map<String, Integer> fieldLines) {

  public Source {
    // the reader's own compact map is read-only already; anything else is copied
    fieldLines = fieldLines instanceof FieldLines ? fieldLines : Map.copyOf(fieldLines);
  }

  /** {@code file:line} of the entity. */
  public String at() {
    return file + ":" + line;
  }

  /** {@code file:line} of a field, or of the entity when the field was not written. */
  public String at(String field) {
    Integer l = fieldLines.get(field);
    return file + ":" + (l == null ? line : l);
  }
}
