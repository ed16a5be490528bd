package dev.haechi.app.cli;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
   */
  public static void print(
      PrintStream out,
      OutputFormat format,
      List<Finding> findings,
      Object summary,
      Map<String, Object> more) {
    if (format == OutputFormat.json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      List<Map<String, Object>> items = new ArrayList<>(findings.size());
      findings.forEach(f -> items.add(toJson(f)));
      doc.put("findings", items);
      doc.put("summary", summary);
      doc.putAll(more);
      out.println(JSON.writeValueAsString(doc));
      return;
    }
    out.printf("%-9s %-34s %-40s %s%n", "SEVERITY", "TYPE", "SUBJECT", "TITLE");
    for (Finding f : findings) {
      String subject =
          f.subject().entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(" "));
      out.printf(
          "%-9s %-34s %-40s %s%n", f.severity().label(), f.type(), clip(subject, 40), f.title());
    }
    Map<String, Long> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.label(), findings.stream().filter(f -> f.severity() == s).count());
    }
    out.println();
    out.println(findings.size() + " findings " + bySeverity);
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
