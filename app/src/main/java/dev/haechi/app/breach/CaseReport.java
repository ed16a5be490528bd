package dev.haechi.app.breach;

import dev.haechi.breach.hold.LegalHold;
import dev.haechi.breach.notice.NoticeDraft;
import dev.haechi.breach.notice.NotificationClock;
import dev.haechi.breach.scope.ScopeResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A case exported as a report (issue 13 item 3), in Markdown or as a self-contained HTML page: the
 * case, the 72-hour clock (late shown as late), the latest scoping with its query and data version,
 * the notice's required items, the holds, the evidence files with their SHA-256, and the whole
 * timeline (alerts, Leaver Guard findings, scopings, notes, holds, refusals).
 */
public final class CaseReport {
  /** Everything the report shows, read at one moment. */
  public record Content(
      BreachCases.Case c,
      NotificationClock clock,
      ScopeResult scope,
      List<LegalHold> holds,
      List<CaseEvidence.EvidenceFile> evidence,
      List<BreachCases.Entry> timeline,
      Instant generatedAt,
      String generatedBy) {}

  private CaseReport() {}

  public static String markdown(Content x) {
    StringBuilder b = new StringBuilder();
    BreachCases.Case c = x.c();
    b.append("# Case #").append(c.id()).append(": ").append(md(c.title())).append("\n\n");
    b.append("Generated ")
        .append(x.generatedAt())
        .append(" by ")
        .append(md(x.generatedBy()))
        .append(".\n\n");
    b.append("| | |\n|---|---|\n");
    for (String[] row : facts(x)) {
      b.append("| ").append(row[0]).append(" | ").append(md(row[1])).append(" |\n");
    }
    b.append("\n## Who was affected\n\n");
    ScopeResult r = x.scope();
    if (r == null) {
      b.append("No scoping has been run on this case yet.\n");
    } else {
      for (String[] row : scopeFacts(r)) {
        b.append("- ").append(row[0]).append(": ").append(md(row[1])).append('\n');
      }
      b.append("\n| Category | People |\n|---|---:|\n");
      r.categories()
          .forEach((k, v) -> b.append("| ").append(md(k)).append(" | ").append(v).append(" |\n"));
      b.append("\n| UTC day | People disclosed |\n|---|---:|\n");
      r.byDay().forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    }
    b.append("\n## What the notice must contain\n\n");
    NoticeDraft.REQUIRED_ITEMS.forEach(i -> b.append("- ").append(md(i)).append('\n'));
    b.append("\n## Legal holds\n\n");
    if (x.holds().isEmpty()) {
      b.append("None.\n");
    }
    for (LegalHold h : x.holds()) {
      b.append("- ")
          .append(h.id())
          .append(" (")
          .append(h.active() ? "ACTIVE" : "released")
          .append("): ")
          .append(md(BreachCases.describe(h)))
          .append("; released by ")
          .append(h.releasedBy().isEmpty() ? "nobody" : md(String.join(", ", h.releasedBy())))
          .append('\n');
    }
    b.append("\n## Evidence files\n\n");
    if (x.evidence().isEmpty()) {
      b.append("None.\n");
    } else {
      b.append("| File | Bytes | SHA-256 | Digest check |\n|---|---:|---|---|\n");
      for (CaseEvidence.EvidenceFile f : x.evidence()) {
        b.append("| ")
            .append(md(f.name()))
            .append(" | ")
            .append(f.bytes())
            .append(" | `")
            .append(f.sha256())
            .append("` | ")
            .append(f.intact() ? "intact" : "ALTERED OR MISSING")
            .append(" |\n");
      }
    }
    b.append("\n## Timeline\n\n");
    for (BreachCases.Entry e : x.timeline()) {
      b.append("- ")
          .append(e.at())
          .append(" · **")
          .append(e.kind())
          .append("** · ")
          .append(md(e.actor()))
          .append(": ")
          .append(md(e.text()))
          .append('\n');
    }
    return b.toString();
  }

  public static String html(Content x) {
    StringBuilder b = new StringBuilder();
    BreachCases.Case c = x.c();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Case #")
        .append(c.id())
        .append(": ")
        .append(h(c.title()))
        .append("</title><style>body{font-family:sans-serif;max-width:60em;margin:2em auto}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}")
        .append(".late{color:#b00;font-weight:bold}</style></head><body>\n");
    b.append("<h1>Case #").append(c.id()).append(": ").append(h(c.title())).append("</h1>\n");
    b.append("<p>Generated ")
        .append(x.generatedAt())
        .append(" by ")
        .append(h(x.generatedBy()))
        .append(".</p>\n<table id=\"facts\">\n");
    for (String[] row : facts(x)) {
      boolean late = row[0].startsWith("Notification deadline") && x.clock().late();
      b.append("<tr><th>")
          .append(row[0])
          .append("</th><td")
          .append(late ? " class=\"late\"" : "")
          .append('>')
          .append(h(row[1]))
          .append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Who was affected</h2>\n");
    ScopeResult r = x.scope();
    if (r == null) {
      b.append("<p>No scoping has been run on this case yet.</p>\n");
    } else {
      b.append("<ul id=\"scope\">\n");
      for (String[] row : scopeFacts(r)) {
        b.append("<li>").append(row[0]).append(": ").append(h(row[1])).append("</li>\n");
      }
      b.append("</ul>\n<table id=\"categories\"><tr><th>Category</th><th>People</th></tr>\n");
      r.categories()
          .forEach(
              (k, v) ->
                  b.append("<tr><td>")
                      .append(h(k))
                      .append("</td><td>")
                      .append(v)
                      .append("</td></tr>\n"));
      b.append(
          "</table>\n<table id=\"by-day\"><tr><th>UTC day</th><th>People disclosed</th></tr>\n");
      r.byDay()
          .forEach(
              (k, v) ->
                  b.append("<tr><td>")
                      .append(k)
                      .append("</td><td>")
                      .append(v)
                      .append("</td></tr>\n"));
      b.append("</table>\n");
    }
    b.append("<h2>What the notice must contain</h2>\n<ul>\n");
    NoticeDraft.REQUIRED_ITEMS.forEach(i -> b.append("<li>").append(h(i)).append("</li>\n"));
    b.append("</ul>\n<h2>Legal holds</h2>\n<ul id=\"holds\">\n");
    for (LegalHold hold : x.holds()) {
      b.append("<li>")
          .append(h(hold.id()))
          .append(" (")
          .append(hold.active() ? "ACTIVE" : "released")
          .append("): ")
          .append(h(BreachCases.describe(hold)))
          .append("</li>\n");
    }
    b.append("</ul>\n<h2>Evidence files</h2>\n<table id=\"evidence\">")
        .append("<tr><th>File</th><th>Bytes</th><th>SHA-256</th><th>Digest check</th></tr>\n");
    for (CaseEvidence.EvidenceFile f : x.evidence()) {
      b.append("<tr><td>")
          .append(h(f.name()))
          .append("</td><td>")
          .append(f.bytes())
          .append("</td><td><code>")
          .append(f.sha256())
          .append("</code></td><td>")
          .append(f.intact() ? "intact" : "ALTERED OR MISSING")
          .append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Timeline</h2>\n<ol id=\"timeline\">\n");
    for (BreachCases.Entry e : x.timeline()) {
      b.append("<li class=\"entry-")
          .append(h(e.kind()))
          .append("\">")
          .append(e.at())
          .append(" · <strong>")
          .append(h(e.kind()))
          .append("</strong> · ")
          .append(h(e.actor()))
          .append(": ")
          .append(h(e.text()))
          .append("</li>\n");
    }
    b.append("</ol>\n</body></html>\n");
    return b.toString();
  }

  private static List<String[]> facts(Content x) {
    BreachCases.Case c = x.c();
    return List.of(
        new String[] {"Status", c.status()},
        new String[] {"Severity", c.severity()},
        new String[] {"Assignee", c.assignee() == null ? "nobody yet" : c.assignee()},
        new String[] {
          "Key / principal",
          (c.kid() == null ? "—" : c.kid()) + " / " + (c.principal() == null ? "—" : c.principal())
        },
        new String[] {"Alert", c.alertId() == null ? "opened by hand" : "#" + c.alertId()},
        new String[] {"Opened", c.openedAt() + " by " + c.openedBy()},
        new String[] {"Aware at", c.awareAt().toString()},
        new String[] {
          "Notification deadline (72 h)", x.clock().deadline() + " — " + x.clock().describe()
        });
  }

  private static List<String[]> scopeFacts(ScopeResult r) {
    return List.of(
        new String[] {"People disclosed", Long.toString(r.subjects())},
        new String[] {"Requests", Long.toString(r.requests())},
        new String[] {
          "First / last disclosing access",
          (r.firstAccess() == null ? "—" : r.firstAccess().toString())
              + " / "
              + (r.lastAccess() == null ? "—" : r.lastAccess().toString())
        },
        new String[] {
          "Query",
          r.query().selector().field()
              + " "
              + String.join(",", r.query().values())
              + " in ["
              + (r.query().from() == null ? "…" : r.query().from())
              + ", "
              + (r.query().to() == null ? "…" : r.query().to())
              + ")"
        },
        new String[] {"Store data version", r.dataVersion()},
        new String[] {
          "Complete", r.complete() ? "yes" : "NO — unreadable partitions: " + r.errors()
        });
  }

  /** Escapes text for a Markdown line or table cell. */
  static String md(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#' -> b.append('\\').append(ch);
        case '\n', '\r' -> b.append(' ');
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  /** Escapes text for HTML. */
  static String h(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  static Map<String, String> mediaTypes() {
    return Map.of("markdown", "text/markdown;charset=UTF-8", "html", "text/html;charset=UTF-8");
  }
}
