package dev.haechi.demo.output;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes one CSV record as RFC 4180 §2 describes it: fields separated by commas, a field quoted
 * (and its quotes doubled) only when it holds a comma, a quote or a line break, the record ended by
 * a line break. Files here end records with {@code \n}, which every RFC 4180 reader accepts.
 */
public final class CsvRow {
  private CsvRow() {}

  /** Writes the fields as one record; a null field is written empty. */
  public static void write(Writer out, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      field(out, fields[i]);
    }
    out.write('\n');
  }

  private static void field(Writer out, String value) throws IOException {
    if (value == null || value.isEmpty()) {
      return;
    }
    boolean quote = false;
    for (int i = 0; i < value.length() && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      out.write(value);
      return;
    }
    out.write('"');
    out.write(value.replace("\"", "\"\""));
    out.write('"');
  }
}
