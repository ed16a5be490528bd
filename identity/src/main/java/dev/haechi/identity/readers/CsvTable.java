package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV file whose first record is a header: columns are found by name (case-insensitive, trimmed),
 * never by position, so a file with its columns in another order or with extra columns reads the
 * same. Every data record must have as many fields as the header (RFC 4180 §2.4).
 */
public final class CsvTable {
  private final CsvRecords records;
  private final String source;
  private final List<String> header;
  private final Map<String, Integer> index = new HashMap<>();
  private List<String> row;
  private java.util.Set<String> extrasKnown;
  private boolean noExtras;

  /**
   * Reads the header and checks that every required column is present.
   *
   * @throws InputException when the file is empty, a header name repeats, or a column is missing
   */
  public CsvTable(Reader in, String source, List<String> required) {
    this.records = new CsvRecords(in, source);
    this.source = source;
    List<String> h = records.next();
    if (h == null) {
      throw new InputException(source, 1, "empty file: expected a header row");
    }
    header = new ArrayList<>(h.size());
    for (int i = 0; i < h.size(); i++) {
      String name = h.get(i).trim().toLowerCase(Locale.ROOT);
      header.add(name);
      if (index.putIfAbsent(name, i) != null) {
        throw new InputException(source, 1, "column '" + name + "' appears twice in the header");
      }
    }
    List<String> missing = new ArrayList<>();
    for (String r : required) {
      if (!index.containsKey(r)) {
        missing.add(r);
      }
    }
    if (!missing.isEmpty()) {
      throw new InputException(
          source, 1, "missing column(s) " + String.join(", ", missing) + " in the header");
    }
  }

  /** Moves to the next data record; false at the end. */
  public boolean next() {
    row = records.next();
    if (row == null) {
      return false;
    }
    if (row.size() != header.size()) {
      throw new InputException(
          source,
          records.recordLine(),
          "expected " + header.size() + " fields as in the header, found " + row.size());
    }
    return true;
  }

  /** Line of the current record. */
  public long line() {
    return records.recordLine();
  }

  public boolean has(String column) {
    return index.containsKey(column);
  }

  /** The trimmed value of a column in the current record; null when empty or the column absent. */
  public String get(String column) {
    Integer i = index.get(column);
    if (i == null) {
      return null;
    }
    String v = row.get(i).trim();
    return v.isEmpty() ? null : v;
  }

  /** Columns of the current record that are not in {@code known}, by header name, in file order. */
  public Map<String, String> extras(java.util.Set<String> known) {
    if (known != extrasKnown) {
      extrasKnown = known;
      noExtras = known.containsAll(header);
    }
    if (noExtras) {
      // Every column is known: no map per row (a million-row export would build a million).
      return Map.of();
    }
    return extras(known, row);
  }

  /** As {@link #extras(java.util.Set)}, for a record's fields read elsewhere (untrimmed). */
  Map<String, String> extras(java.util.Set<String> known, List<String> fields) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      if (!known.contains(header.get(i))) {
        out.put(header.get(i), fields.get(i).trim());
      }
    }
    return out;
  }

  /** True when the header has a column not in {@code known}. */
  boolean hasExtras(java.util.Set<String> known) {
    return !known.containsAll(header);
  }

  /** How many columns the header has. */
  int columns() {
    return header.size();
  }

  /** The position of a column by its (lower-case) name, or -1. */
  int column(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** An error about the current record. */
  public InputException error(String reason) {
    return new InputException(source, line(), reason);
  }
}
