package dev.haechi.exercise.report;

import dev.haechi.core.Finding;
import dev.haechi.exercise.run.ExerciseResult;
import dev.haechi.exercise.run.ExpectationResult;
import dev.haechi.exercise.run.InjectResult;
import dev.haechi.exercise.run.RestorationPoint;
import dev.haechi.exercise.run.RuleFiring;
import dev.haechi.exercise.run.Scoring;
import dev.haechi.exercise.run.TimelineEntry;
import dev.haechi.exercise.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The after-action report of a run, in Markdown or HTML (same content): outcomes, the timeline,
 * misses explained with what would have caught them, what the dwell time would have been without
 * each rule that fired, the run beside what really happened (dwell time; restoration curve, drawn
 * in the HTML), and the open findings that would have prevented a failure.
 */
public final class AfterActionReport {
  /** Timeline lines shown at most (alerts after the first per rule are not in the timeline). */
  public static final int TIMELINE_LIMIT = 200;

  private final StringBuilder md = new StringBuilder();
  private final StringBuilder html = new StringBuilder();

  private AfterActionReport() {}

  public static String markdown(ExerciseResult r) {
    return build(r).md.toString();
  }

  public static String html(ExerciseResult r) {
    AfterActionReport a = build(r);
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + esc("After-action report: " + r.scenario().name())
        + "</title><style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;"
        + "text-align:left;vertical-align:top}.met{color:#1b7837}.unmet{color:#d73027}</style>"
        + "</head><body><main>\n"
        + a.html
        + "</main></body></html>\n";
  }

  private static AfterActionReport build(ExerciseResult r) {
    AfterActionReport a = new AfterActionReport();
    Scenario s = r.scenario();
    a.h(1, "After-action report: " + s.title());
    a.p(
        "Scenario "
            + s.name()
            + " ("
            + s.source()
            + "), "
            + s.start()
            + " for "
            + fmt(s.duration())
            + ", seed "
            + s.seed()
            + ". Score **"
            + r.score()
            + "/100**. "
            + String.format(
                Locale.ROOT,
                "%,d background and %,d attack events fed to the production detection engine;"
                    + " %,d alerts, %,d of them on background traffic only.",
                r.backgroundEvents(),
                r.attackEvents(),
                r.alerts(),
                r.falsePositives()));
    a.p("How the score was reached: " + Scoring.explain(r) + ". " + Scoring.WEIGHTS);
    a.h(2, "Outcomes");
    List<List<String>> rows = new ArrayList<>();
    for (InjectResult i : r.injects()) {
      rows.add(
          List.of(
              i.inject().id(),
              i.inject().type().label(),
              i.inject().technique() == null ? "" : i.inject().technique(),
              i.outcome() == null ? "(not scored)" : i.outcome().label(),
              i.timeToDetect() != null
                  ? fmt(i.timeToDetect())
                  : i.stopped() != null && i.grade1RestoredAfter() != null
                      ? "grade 1 back after " + fmt(i.grade1RestoredAfter())
                      : "",
              i.why()));
    }
    a.table(List.of("Inject", "Type", "Technique", "Outcome", "Detected / restored", "Why"), rows);
    if (!r.expectations().isEmpty()) {
      a.h(2, "Expectations");
      List<List<String>> er = new ArrayList<>();
      for (ExpectationResult e : r.expectations()) {
        er.add(List.of(e.expectation().inject(), e.met() ? "met" : "NOT met", e.why()));
      }
      a.table(List.of("Inject", "Met", "Why"), er);
    }
    List<InjectResult> misses = r.injects().stream().filter(i -> i.wouldCatch() != null).toList();
    if (!misses.isEmpty()) {
      a.h(2, "Misses explained");
      for (InjectResult i : misses) {
        a.p("**" + i.inject().id() + "** (" + i.outcome().label() + "): " + i.why() + ".");
        a.p("Would have caught it: " + i.wouldCatch());
      }
    }
    boolean anyDetected = r.injects().stream().anyMatch(i -> !i.rules().isEmpty());
    if (anyDetected) {
      a.h(2, "Dwell time without each rule that fired");
      a.p(
          "For each rule that fired on an inject: when the inject would have been detected had"
              + " that rule not been in use (the next rule's first alert; the others fire"
              + " independently of it).");
      List<List<String>> dr = new ArrayList<>();
      for (InjectResult i : r.injects()) {
        for (RuleFiring f : i.rules()) {
          Instant next = null;
          String by = null;
          for (RuleFiring g : i.rules()) {
            if (g != f && (next == null || g.first().isBefore(next))) {
              next = g.first();
              by = g.title();
            }
          }
          String without;
          if (next != null) {
            without = fmt(Duration.between(i.firstEvent(), next)) + " (by " + by + ")";
          } else {
            without =
                "not detected within the run (more than "
                    + fmt(Duration.between(i.firstEvent(), s.end()))
                    + ")"
                    + (s.reference() != null && s.reference().dwell() != null
                        ? "; in reality it went unnoticed for " + fmt(s.reference().dwell())
                        : "");
          }
          dr.add(
              List.of(
                  i.inject().id(),
                  f.title(),
                  fmt(Duration.between(i.firstEvent(), f.first())),
                  String.valueOf(f.alerts()),
                  without));
        }
      }
      a.table(
          List.of("Inject", "Rule", "It fired after", "Alerts", "Detected without it after"), dr);
    }
    Scenario.Reference ref = s.reference();
    if (ref != null) {
      a.h(2, "Beside what really happened");
      if (ref.dwell() != null) {
        Duration best = null;
        for (InjectResult i : r.injects()) {
          if (i.timeToDetect() != null && (best == null || i.timeToDetect().compareTo(best) < 0)) {
            best = i.timeToDetect();
          }
        }
        a.p(
            "Real dwell time: "
                + fmt(ref.dwell())
                + ". In this run the first attack inject was detected after "
                + (best == null ? "— (never)" : fmt(best))
                + ".");
      }
      if (ref.note() != null) {
        a.p(ref.note());
      }
    }
    for (InjectResult i : r.injects()) {
      if (i.stopped() == null) {
        continue;
      }
      a.h(2, "Restoration after " + i.inject().id());
      a.p(i.why() + (i.planNote() != null ? "; " + i.planNote() : "") + ".");
      if (!i.curve().isEmpty()) {
        List<List<String>> cr = new ArrayList<>();
        int of = i.curve().get(0).of();
        for (double frac : new double[] {0.1, 0.25, 0.5, 0.75, 1.0}) {
          int need = (int) Math.ceil(frac * of);
          for (RestorationPoint p : i.curve()) {
            if (p.restored() >= need) {
              cr.add(List.of(Math.round(frac * 100) + "%", need + " of " + of, fmt(p.after())));
              break;
            }
          }
        }
        if (ref != null && !ref.curve().isEmpty()) {
          for (Scenario.CurvePoint c : ref.curve()) {
            int planned = 0;
            for (RestorationPoint p : i.curve()) {
              if (p.after().compareTo(c.after()) <= 0) {
                planned = p.restored();
              }
            }
            cr.add(
                List.of(
                    "after " + fmt(c.after()),
                    "real: "
                        + c.restored()
                        + (ref.systems() > 0 ? " of " + ref.systems() : "")
                        + pct(c.restored(), ref.systems()),
                    "plan: " + planned + " of " + of + pct(planned, of)));
          }
        }
        a.table(List.of("Share", "Systems", "Back after (plan)"), cr);
        a.svg(curveSvg(i.curve(), ref));
      }
      if (!i.findings().isEmpty()) {
        a.p(
            "Open findings on the scenario's start date that touch what was lost (acting on them"
                + " would have prevented or contained it), "
                + i.findings().size()
                + " in all, one row per kind:");
        List<List<String>> fr = new ArrayList<>();
        for (PreventionRow p : prevention(i.findings())) {
          fr.add(
              List.of(
                  p.severity(),
                  p.type(),
                  String.valueOf(p.count()),
                  p.example(),
                  p.entities(),
                  p.remedy()));
        }
        a.table(List.of("Severity", "Kind", "How many", "For example", "Entities", "Remedy"), fr);
      }
    }
    a.h(2, "Timeline");
    List<List<String>> tr = new ArrayList<>();
    for (TimelineEntry t : r.timeline().subList(0, Math.min(TIMELINE_LIMIT, r.timeline().size()))) {
      tr.add(List.of(t.at().toString(), t.kind(), t.text()));
    }
    a.table(List.of("Simulated time", "Kind", "What"), tr);
    if (!r.notes().isEmpty()) {
      a.h(2, "Notes");
      r.notes().forEach(a::p);
    }
    return a;
  }

  private static String pct(int n, int of) {
    return of <= 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100.0 * n / of);
  }

  /** The plan's curve (share of systems back over days) and, when given, the real one. */
  static String curveSvg(List<RestorationPoint> curve, Scenario.Reference ref) {
    int w = 600;
    int h = 260;
    double maxDays = curve.get(curve.size() - 1).after().toMinutes() / 1440.0;
    if (ref != null) {
      for (Scenario.CurvePoint c : ref.curve()) {
        maxDays = Math.max(maxDays, c.after().toMinutes() / 1440.0);
      }
    }
    maxDays = Math.max(maxDays, 1);
    StringBuilder sb = new StringBuilder();
    sb.append("<svg class=\"curve\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(w + 60)
        .append("\" height=\"")
        .append(h + 40)
        .append("\" role=\"img\" aria-label=\"restoration curve\">");
    sb.append("<g transform=\"translate(40,10)\">");
    sb.append("<line x1=\"0\" y1=\"")
        .append(h)
        .append("\" x2=\"")
        .append(w)
        .append("\" y2=\"")
        .append(h)
        .append("\" stroke=\"#333\"/>");
    sb.append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"").append(h).append("\" stroke=\"#333\"/>");
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.0f days</text>",
            w - 50,
            h + 25,
            maxDays));
    sb.append(String.format(Locale.ROOT, "<text x=\"-35\" y=\"10\" font-size=\"11\">100%%</text>"));
    StringBuilder pts = new StringBuilder();
    int of = curve.get(0).of();
    double prevY = h;
    for (RestorationPoint p : curve) {
      double x = p.after().toMinutes() / 1440.0 / maxDays * w;
      double y = h - (double) p.restored() / Math.max(1, of) * h;
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f %.1f,%.1f ", x, prevY, x, y));
      prevY = y;
    }
    sb.append(
            "<polyline class=\"plan\" fill=\"none\" stroke=\"#1b7837\" stroke-width=\"2\" points=\"")
        .append(pts.toString().trim())
        .append("\"/>");
    sb.append("<text x=\"10\" y=\"")
        .append(h + 25)
        .append("\" font-size=\"11\" fill=\"#1b7837\">plan</text>");
    if (ref != null && !ref.curve().isEmpty() && ref.systems() > 0) {
      StringBuilder rp = new StringBuilder("0,").append(h).append(' ');
      for (Scenario.CurvePoint c : ref.curve()) {
        double x = c.after().toMinutes() / 1440.0 / maxDays * w;
        double y = h - (double) c.restored() / ref.systems() * h;
        rp.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      sb.append(
              "<polyline class=\"real\" fill=\"none\" stroke=\"#d73027\" stroke-dasharray=\"5,3\" stroke-width=\"2\" points=\"")
          .append(rp.toString().trim())
          .append("\"/>");
      sb.append("<text x=\"60\" y=\"")
          .append(h + 25)
          .append("\" font-size=\"11\" fill=\"#d73027\">real</text>");
    }
    sb.append("</g></svg>");
    return sb.toString();
  }

  // --- writers ---

  private void h(int level, String text) {
    md.append("#".repeat(level)).append(' ').append(text).append("\n\n");
    html.append("<h")
        .append(level)
        .append('>')
        .append(esc(text))
        .append("</h")
        .append(level)
        .append(">\n");
  }

  private void p(String text) {
    md.append(text).append("\n\n");
    html.append("<p>")
        .append(esc(text).replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>"))
        .append("</p>\n");
  }

  /**
   * One kind of finding that would have prevented or contained a loss: its highest severity, how
   * many, the first one's title and remedy, and up to five entities.
   */
  public record PreventionRow(
      String severity, String type, int count, String example, String entities, String remedy) {}

  /**
   * The findings grouped by kind (most severe kind first), so that every kind is named however many
   * findings there are: the battery past its life, the open recommendation and the unbacked store
   * of {@code nirs-2025} are three rows, not three of hundreds.
   */
  public static List<PreventionRow> prevention(List<Finding> findings) {
    java.util.Map<String, List<Finding>> byType = new java.util.LinkedHashMap<>();
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(java.util.Comparator.comparing((Finding f) -> f.severity().ordinal()));
    for (Finding f : sorted) {
      byType.computeIfAbsent(f.type(), k -> new ArrayList<>()).add(f);
    }
    List<PreventionRow> out = new ArrayList<>();
    for (var e : byType.entrySet()) {
      List<Finding> fs = e.getValue();
      java.util.LinkedHashSet<String> entities = new java.util.LinkedHashSet<>();
      for (Finding f : fs) {
        Object entity = f.subject().get("entity");
        if (entity != null) {
          entities.add(String.valueOf(entity));
        }
      }
      List<String> shown = entities.stream().limit(5).toList();
      String ent =
          String.join(", ", shown)
              + (entities.size() > shown.size()
                  ? " and " + (entities.size() - shown.size()) + " more"
                  : "");
      Finding first = fs.get(0);
      out.add(
          new PreventionRow(
              first.severity().label(),
              e.getKey(),
              fs.size(),
              first.title(),
              ent,
              first.remedy() == null ? "" : first.remedy()));
    }
    return out;
  }

  private void table(List<String> headers, List<List<String>> rows) {
    md.append("| ")
        .append(String.join(" | ", headers.stream().map(AfterActionReport::cell).toList()))
        .append(" |\n|");
    md.append(" --- |".repeat(headers.size())).append('\n');
    for (List<String> row : rows) {
      md.append("| ")
          .append(String.join(" | ", row.stream().map(AfterActionReport::cell).toList()))
          .append(" |\n");
    }
    md.append('\n');
    html.append("<table><thead><tr>");
    headers.forEach(x -> html.append("<th>").append(esc(x)).append("</th>"));
    html.append("</tr></thead><tbody>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(x -> html.append("<td>").append(esc(x)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private void svg(String svg) {
    html.append(svg).append('\n');
  }

  private static String cell(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String fmt(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + (s % 60 > 0 ? " " + s % 60 + "s" : "");
    }
    if (s < 2 * 86_400) {
      return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
    return String.format(Locale.ROOT, "%.1f days", s / 86_400.0);
  }
}
