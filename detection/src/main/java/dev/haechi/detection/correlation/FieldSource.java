package dev.haechi.detection.correlation;

import java.util.List;

/**
 * Reads a correlation's {@code group-by} or condition field from the event a referenced rule
 * matched, through that rule's processing pipelines (the same field-name mappings its detection
 * used): every value, array elements each, JSON null and absent giving none.
 */
@FunctionalInterface
public interface FieldSource {
  List<String> values(String ruleField);
}
