package dev.haechi.app.cli;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.io.PrintStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints findings the way FORMATS.md §4 promises: {@code {"findings":[…],"summary":{…}}} as JSON,
 * or a table for people. Shared by {@code identity reconcile} and {@code resilience assess}.
 */
public final class FindingReport {
  static final JsonMapper JSON =
      JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

  private FindingReport() {}

  /** One finding in the JSON shape of FORMATS.md §4. */
  public static Map<String, Object> toJson(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", f.type());
    m.put("severity", f.severity().label());
    m.put("title", f.title());
    m.put("subject", new java.util.TreeMap<>(f.subject()));
    m.put("evidence", f.evidence());
    m.put("remedy", f.remedy());
    return m;
  }

  public static void print(
      PrintStream out, OutputFormat format, List<Finding> findings, Object summary) {
    print(out, format, findings, summary, Map.of());
  }

  /**
   * As {@link #print(PrintStream, OutputFormat, List, Object)}, with more top-level members of the
   * JSON document after {@code summary} (e.g. {@code cases}); the table leaves them out.
   *
   * <p>Design note: findings are written out one at a time as they are read from the list, never
   * all at once: a large organisation has hundreds of thousands of findings (about 1 KB each), and
   * a list that writes each finding out when it is read ({@code ReconcileResult.findings()}) then
   * costs one finding's memory, not all of them. The JSON is exactly what serialising the whole
   * document at once gives ({@link #printReference}; {@code FindingReportTest}).
   */
  public static void print(
      PrintStream out,
      OutputFormat format,
      List<Finding> findings,
      Object summary,
      Map<String, Object> more) {
    if (format == OutputFormat.json) {
      Map<String, Object> rest = new LinkedHashMap<>();
      rest.put("summary", summary);
      rest.putAll(more);
      Writer text = new PrintStreamWriter(out);
      try (JsonGenerator g = JSON.createGenerator(text)) {
        g.writeStartObject();
        g.writeName("findings");
        if (rest.containsKey("findings")) {
          g.writePOJO(rest.remove("findings"));
        } else {
          g.writeStartArray();
          for (Finding f : findings) {
            g.writePOJO(toJson(f));
          }
          g.writeEndArray();
        }
        for (Map.Entry<String, Object> e : rest.entrySet()) {
          g.writeName(e.getKey());
          g.writePOJO(e.getValue());
        }
        g.writeEndObject();
      }
      out.println();
      return;
    }
    out.printf("%-9s %-34s %-40s %s%n", "SEVERITY", "TYPE", "SUBJECT", "TITLE");
    long[] counts = new long[Severity.values().length];
    int total = 0;
    for (Finding f : findings) {
      String subject =
          f.subject().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(" "));
      out.printf(
          "%-9s %-34s %-40s %s%n", f.severity().label(), f.type(), clip(subject, 40), f.title());
      counts[f.severity().ordinal()]++;
      total++;
    }
    Map<String, Long> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.label(), counts[s.ordinal()]);
    }
    out.println();
    out.println(total + " findings " + bySeverity);
  }

  /**
   * The reference JSON output: the whole document built in memory, then written as one string (as
   * before findings were streamed). Kept for {@code FindingReportTest}.
   */
  static void printReference(
      PrintStream out, List<Finding> findings, Object summary, Map<String, Object> more) {
    Map<String, Object> doc = new LinkedHashMap<>();
    List<Map<String, Object>> items = new ArrayList<>(findings.size());
    findings.forEach(f -> items.add(toJson(f)));
    doc.put("findings", items);
    doc.put("summary", summary);
    doc.putAll(more);
    out.println(JSON.writeValueAsString(doc));
  }

  /**
   * Characters to a {@link PrintStream}, encoded by it as {@code println} of the whole text would
   * be (its encoder keeps the first half of a surrogate pair that ends one piece for the next).
   * Closing it flushes and leaves the stream open.
   */
  private static final class PrintStreamWriter extends Writer {
    private final PrintStream out;

    PrintStreamWriter(PrintStream out) {
      this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      out.print(new String(buf, off, len));
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      out.flush();
    }
  }

  /**
   * As {@link #exitCode(List, Severity)}, from the number of findings by severity label (a
   * reconciliation's summary), so that no finding is written out again to decide it.
   */
  public static int exitCode(Map<String, Integer> bySeverity, Severity failOn) {
    if (failOn == null) {
      return ExitCodes.OK;
    }
    for (Severity s : Severity.values()) {
      Integer n = bySeverity.get(s.label());
      if (s.atLeast(failOn) && n != null && n > 0) {
        return ExitCodes.FOUND;
      }
    }
    return ExitCodes.OK;
  }

  /** Exit 1 when some finding is at least {@code failOn}; 0 otherwise or when not asked. */
  public static int exitCode(List<Finding> findings, Severity failOn) {
    if (failOn == null) {
      return ExitCodes.OK;
    }
    return findings.stream().anyMatch(f -> f.severity().atLeast(failOn))
        ? ExitCodes.FOUND
        : ExitCodes.OK;
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
