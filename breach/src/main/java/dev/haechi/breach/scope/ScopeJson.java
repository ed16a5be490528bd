package dev.haechi.breach.scope;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The FORMATS.md §5 JSON of a scoping result, and the subjects CSV for notification letters. */
public final class ScopeJson {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ScopeJson() {}

  /**
   * {@code {"subjects","categories","first_access","last_access","requests","by_day","query",
   * "data_version"}} plus {@code complete}, {@code selector_seen}, {@code errors} and {@code
   * notes}.
   */
  public static ObjectNode toJson(ScopeResult r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("subjects", r.subjects());
    ObjectNode cats = n.putObject("categories");
    r.categories().forEach(cats::put);
    n.put("first_access", text(r.firstAccess()));
    n.put("last_access", text(r.lastAccess()));
    n.put("requests", r.requests());
    ObjectNode days = n.putObject("by_day");
    r.byDay().forEach(days::put);
    n.set("query", query(r.query()));
    n.put("data_version", r.dataVersion());
    n.put("complete", r.complete());
    n.put("selector_seen", r.selectorSeen());
    ArrayNode errors = n.putArray("errors");
    r.errors().forEach(errors::add);
    ArrayNode notes = n.putArray("notes");
    notes(r).forEach(notes::add);
    return n;
  }

  public static ObjectNode query(ScopeQuery q) {
    ObjectNode n = JSON.createObjectNode();
    n.put("selector", q.selector().option());
    n.put("field", q.selector().field());
    ArrayNode v = n.putArray("values");
    q.values().forEach(v::add);
    n.put("from", text(q.from()));
    n.put("to", text(q.to()));
    n.put("window", "[from, to)");
    if (q.alert() != null) {
      n.put("alert", q.alert());
    }
    return n;
  }

  /** Plain-language remarks a reader must not miss: unknown selector, incomplete result. */
  public static java.util.List<String> notes(ScopeResult r) {
    java.util.List<String> notes = new java.util.ArrayList<>();
    if (!r.selectorSeen()) {
      notes.add(
          "no event in the store has "
              + r.query().selector().field()
              + " = "
              + String.join(" or ", r.query().values())
              + ": a valid query with zero subjects");
    } else if (r.requests() == 0) {
      notes.add("no event of this selector falls in the window");
    }
    if (!r.complete()) {
      notes.add(
          r.errors().size()
              + " partition file(s) could not be read and were skipped: the numbers are a lower"
              + " bound");
    }
    return notes;
  }

  /** Reads back what {@link #write} wrote (without subject rows). */
  public static ScopeResult read(String text) {
    tools.jackson.databind.JsonNode n = JSON.readTree(text);
    java.util.TreeMap<String, Long> cats = new java.util.TreeMap<>();
    n.path("categories").properties().forEach(e -> cats.put(e.getKey(), e.getValue().asLong()));
    java.util.TreeMap<String, Long> days = new java.util.TreeMap<>();
    n.path("by_day").properties().forEach(e -> days.put(e.getKey(), e.getValue().asLong()));
    tools.jackson.databind.JsonNode q = n.path("query");
    java.util.List<String> values = new java.util.ArrayList<>();
    q.path("values").forEach(v -> values.add(v.asString()));
    ScopeQuery.Selector sel = null;
    for (ScopeQuery.Selector s : ScopeQuery.Selector.values()) {
      if (s.option().equals(q.path("selector").asString())) {
        sel = s;
      }
    }
    java.util.List<String> errors = new java.util.ArrayList<>();
    n.path("errors").forEach(e -> errors.add(e.asString()));
    return new ScopeResult(
        n.path("subjects").asLong(),
        cats,
        instant(n.get("first_access")),
        instant(n.get("last_access")),
        n.path("requests").asLong(),
        days,
        new ScopeQuery(
            sel,
            values,
            instant(q.get("from")),
            instant(q.get("to")),
            q.hasNonNull("alert") ? q.get("alert").asString() : null),
        n.path("data_version").asString(),
        n.path("selector_seen").asBoolean(),
        errors,
        java.util.List.of());
  }

  private static Instant instant(tools.jackson.databind.JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asString());
  }

  public static String write(ScopeResult r) {
    return JSON.writeValueAsString(toJson(r));
  }

  /** {@code subject_id,categories,first_access,last_access,requests}; categories joined by ';'. */
  public static void writeCsv(ScopeResult r, Writer out) throws IOException {
    out.write("subject_id,categories,first_access,last_access,requests\n");
    for (SubjectRow s : r.subjectRows()) {
      out.write(csv(s.subjectId()));
      out.write(',');
      out.write(csv(String.join(";", s.categories())));
      out.write(',');
      out.write(s.firstAccess().toString());
      out.write(',');
      out.write(s.lastAccess().toString());
      out.write(',');
      out.write(Long.toString(s.requests()));
      out.write('\n');
    }
  }

  private static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
