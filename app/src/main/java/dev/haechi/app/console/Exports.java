package dev.haechi.app.console;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.SecurityConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;

/**
 * CSV and JSON downloads of what a console list shows with its filters (every page, not just the
 * one on screen). Each download is recorded in the audit log with its row count: exports carry
 * personal data. CSV cells that a spreadsheet would run as a formula are prefixed with an
 * apostrophe.
 */
@Component
public class Exports {
  /** Most rows one download carries; the file says when it was cut. */
  public static final int MAX_ROWS = 100_000;

  private final AuditLog audit;
  private final JsonMapper json;

  public Exports(AuditLog audit, JsonMapper json) {
    this.audit = audit;
    this.json = json;
  }

  /** The table to download: column names and one map per row (keys = columns). */
  public record Table(List<String> columns, List<Map<String, Object>> rows) {
    public static Table of(List<String> columns) {
      return new Table(List.copyOf(columns), new ArrayList<>());
    }

    public Table add(Object... values) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        row.put(columns.get(i), i < values.length ? values[i] : null);
      }
      rows.add(row);
      return this;
    }
  }

  /** Checks the {@code format} parameter: {@code csv} or {@code json}. */
  public static String format(String format) {
    String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    if (!f.equals("csv") && !f.equals("json")) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "format: csv or json, not '" + format + "'");
    }
    return f;
  }

  public ResponseEntity<byte[]> download(
      Authentication auth, String what, String format, Table table) {
    String f = format(format);
    audit.append(
        SecurityConfig.actor(auth), "console.export", what, f + " rows=" + table.rows().size());
    byte[] body =
        f.equals("csv")
            ? csv(table).getBytes(StandardCharsets.UTF_8)
            : json.writeValueAsBytes(table.rows());
    return ResponseEntity.ok()
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"haechi-" + what.replaceAll("[^a-z0-9-]", "-") + "." + f + "\"")
        .contentType(
            f.equals("csv")
                ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                : MediaType.APPLICATION_JSON)
        .body(body);
  }

  /** RFC 4180 CSV with a header row, CRLF line ends and a UTF-8 byte-order mark for Excel. */
  static String csv(Table t) {
    StringBuilder out = new StringBuilder("\uFEFF");
    out.append(String.join(",", t.columns().stream().map(Exports::cell).toList())).append("\r\n");
    for (Map<String, Object> row : t.rows()) {
      List<String> cells = new ArrayList<>();
      for (String c : t.columns()) {
        Object v = row.get(c);
        cells.add(cell(v == null ? "" : v instanceof Iterable<?> it ? join(it) : v.toString()));
      }
      out.append(String.join(",", cells)).append("\r\n");
    }
    return out.toString();
  }

  private static String join(Iterable<?> it) {
    List<String> parts = new ArrayList<>();
    it.forEach(x -> parts.add(String.valueOf(x)));
    return String.join("; ", parts);
  }

  static String cell(String v) {
    String s = v;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0
        || !s.equals(v)) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
