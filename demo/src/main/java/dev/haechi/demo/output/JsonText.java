package dev.haechi.demo.output;

/**
 * Appends JSON string literals (RFC 8259 §7) to a {@link StringBuilder}, for the large JSON files
 * that are written one record at a time rather than through a tree.
 */
public final class JsonText {
  private JsonText() {}

  /** Appends {@code value} as a quoted JSON string, or {@code null} when it is null. */
  public static StringBuilder quote(StringBuilder out, String value) {
    if (value == null) {
      return out.append("null");
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends {@code "name":} to an object being written. */
  public static StringBuilder name(StringBuilder out, String name) {
    return quote(out, name).append(':');
  }
}
