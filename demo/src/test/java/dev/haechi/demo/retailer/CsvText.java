package dev.haechi.demo.retailer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal RFC 4180 reader for the tests: quoted fields, doubled quotes, no embedded newlines. */
final class CsvText {
  final List<String> header;
  final List<Map<String, String>> rows = new ArrayList<>();

  CsvText(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    header = fields(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = fields(line);
      if (f.size() != header.size()) {
        throw new IllegalStateException(file + ": " + f.size() + " fields in " + line);
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < f.size(); i++) {
        row.put(header.get(i), f.get(i));
      }
      rows.add(row);
    }
  }

  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    out.add(b.toString());
    return out;
  }
}
