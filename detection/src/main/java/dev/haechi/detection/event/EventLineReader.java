package dev.haechi.detection.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads detection input one event at a time: JSON Lines (FORMATS.md §2), one event per line; or,
 * when the first non-blank line is {@code Record N}, the pretty output of {@code evtx_dump -o json}
 * (its default), where each event is a pretty-printed JSON object after a {@code Record N} line.
 * That form is recognised from its first line and read as a whole in that form: each record becomes
 * one event text, numbered by the line its object starts on. A record that does not close (a
 * truncated file) is still handed on, so that it is reported as bad JSON at its line rather than
 * lost. Streams: an event is handed on as soon as its line (or its record's closing {@code }}) has
 * been read.
 */
public final class EventLineReader {
  private static final Pattern RECORD = Pattern.compile("Record \\d+\\s*");

  /** Past this size a pretty record is handed on as is (the engine rejects it as too large). */
  private static final int MAX_RECORD_CHARS = 4 << 20;

  /** One event's text and the (1-based) line it starts on. */
  public record Item(long line, String text) {}

  private final BufferedReader in;
  private long lineNo;
  private Boolean pretty;

  public EventLineReader(BufferedReader in) {
    this.in = in;
  }

  /** True once the input was recognised as {@code evtx_dump -o json} (pretty) output. */
  public boolean prettyEvtxDump() {
    return Boolean.TRUE.equals(pretty);
  }

  /** The next event's text, or null at the end of input. */
  public Item next() throws IOException {
    if (pretty == null) {
      String first = readLine();
      while (first != null && first.isBlank()) {
        first = readLine();
      }
      if (first == null) {
        return null;
      }
      pretty = RECORD.matcher(first).matches();
      if (!pretty) {
        return new Item(lineNo, first);
      }
    }
    if (!pretty) {
      String line = readLine();
      return line == null ? null : new Item(lineNo, line);
    }
    return nextRecord();
  }

  private Item nextRecord() throws IOException {
    StringBuilder text = new StringBuilder();
    long start = 0;
    String line;
    while ((line = readLine()) != null) {
      if (RECORD.matcher(line).matches()) {
        if (text.length() > 0) {
          return new Item(start, text.toString()); // an unclosed record: reported, not lost
        }
        continue;
      }
      if (text.length() == 0) {
        if (line.isBlank()) {
          continue;
        }
        start = lineNo;
      }
      text.append(line).append('\n');
      if (line.equals("}") || text.length() > MAX_RECORD_CHARS) {
        return new Item(start, text.toString());
      }
    }
    return text.length() == 0 ? null : new Item(start, text.toString());
  }

  private String readLine() throws IOException {
    String line = in.readLine();
    if (line != null) {
      lineNo++;
    }
    return line;
  }
}
