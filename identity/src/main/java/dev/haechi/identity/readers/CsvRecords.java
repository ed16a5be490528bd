package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 §2 defines them: fields separated by commas, records by CRLF (LF
 * alone is accepted too), a field in double quotes may hold commas, line breaks and doubled quotes.
 * Tracks the physical line each record starts on, so errors and evidence can name it. A byte-order
 * mark at the start is skipped. Not thread-safe; one instance reads one stream.
 *
 * <p>Design note: a hand-written state machine over a 64 KiB buffer rather than a library, because
 * the record's starting line is needed for evidence and a quoted field may span lines (RFC 4180
 * §2.6).
 */
public final class CsvRecords {
  private final Reader in;
  private final String source;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private boolean started;

  public CsvRecords(Reader in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The 1-based line on which the record last returned by {@link #next()} starts. */
  public long recordLine() {
    return recordLine;
  }

  /**
   * The next record's fields, or null at the end. Blank lines between records are skipped.
   *
   * @throws InputException on a quote that is never closed or text after a closing quote
   */
  public List<String> next() {
    if (!started) {
      started = true;
      if (peek() == '\uFEFF') {
        pos++;
      }
    }
    int c;
    while ((c = peek()) == '\n' || c == '\r') {
      consumeLineBreak();
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      c = peek();
      if (c == '"' && field.isEmpty()) {
        pos++;
        readQuoted(field);
        c = peek();
        if (c != ',' && c != '\n' && c != '\r' && c != -1) {
          throw new InputException(
              source, line, "unexpected character after closing quote (RFC 4180: double a quote)");
        }
        continue;
      }
      if (c == ',') {
        pos++;
        fields.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r' || c == -1) {
        fields.add(field.toString());
        if (c != -1) {
          consumeLineBreak();
        }
        return fields;
      } else {
        if (c == '"') {
          throw new InputException(
              source, line, "quote inside an unquoted field (RFC 4180: quote the whole field)");
        }
        int start = pos++;
        while (pos < len && plain(buf[pos])) {
          pos++;
        }
        field.append(buf, start, pos - start);
      }
    }
  }

  /** A character that continues an unquoted field (appended in runs, not one by one). */
  private static boolean plain(char c) {
    return c != ',' && c != '\n' && c != '\r' && c != '"';
  }

  private void readQuoted(StringBuilder field) {
    long startLine = line;
    while (true) {
      int c = peek();
      if (c == -1) {
        throw new InputException(source, startLine, "quoted field is never closed");
      }
      pos++;
      if (c == '"') {
        if (peek() == '"') {
          pos++;
          field.append('"');
        } else {
          return;
        }
      } else {
        if (c == '\n') {
          line++;
        } else if (c == '\r' && peek() != '\n') {
          line++;
        }
        field.append((char) c);
      }
    }
  }

  private void consumeLineBreak() {
    int c = peek();
    pos++;
    if (c == '\r' && peek() == '\n') {
      pos++;
    }
    line++;
  }

  private int peek() {
    if (pos >= len) {
      try {
        len = in.read(buf, 0, buf.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos];
  }
}
