package dev.haechi.detection.event;

/**
 * One scalar value of an event field: its text as written ({@code null} for JSON null), the same
 * case-folded for Sigma's default case-insensitive matching ({@link CaseFold}, computed on first
 * use: the candidate index scans most values without it), and whether it was a JSON number. Not
 * thread-safe beyond the benign race of the memoised fold (any thread computes the same string).
 */
public final class FieldValue {
  public static final FieldValue NULL = new FieldValue(null, false);

  private final String text;
  private final boolean number;
  private String lower;

  private FieldValue(String text, boolean number) {
    this.text = text;
    this.number = number;
  }

  public static FieldValue of(String text, boolean number) {
    return new FieldValue(text, number);
  }

  /** The scalar values of a JSON node (array elements, {@code #text} of an evtx object). */
  public static FieldValue[] all(tools.jackson.databind.JsonNode node) {
    return Event.convert(node);
  }

  /** The text as written; null for JSON null. */
  public String text() {
    return text;
  }

  /** The case-folded text ({@link CaseFold#fold}); null for JSON null. */
  public String lower() {
    String l = lower;
    if (l == null && text != null) {
      l = CaseFold.fold(text);
      lower = l;
    }
    return l;
  }

  /** Whether the value was a JSON number. */
  public boolean number() {
    return number;
  }

  public boolean isNull() {
    return text == null;
  }

  @Override
  public String toString() {
    return "FieldValue[text=" + text + ", number=" + number + "]";
  }
}
