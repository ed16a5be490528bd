package dev.haechi.detection.event;

/**
 * One scalar value of an event field: its text as written ({@code null} for JSON null), the same
 * lower-cased for Sigma's default case-insensitive matching, and whether it was a JSON number.
 */
public record FieldValue(String text, String lower, boolean number) {
  public static final FieldValue NULL = new FieldValue(null, null, false);

  public static FieldValue of(String text, boolean number) {
    return new FieldValue(text, CaseFold.fold(text), number);
  }

  /** The scalar values of a JSON node (array elements, {@code #text} of an evtx object). */
  public static FieldValue[] all(tools.jackson.databind.JsonNode node) {
    return Event.convert(node);
  }

  public boolean isNull() {
    return text == null;
  }
}
