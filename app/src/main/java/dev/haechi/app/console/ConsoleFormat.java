package dev.haechi.app.console;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * How the console writes times and durations for people (templates call it as {@code @fmt}): "6 Dec
 * 2026, 20:51 UTC", "3 h 20 min", never an ISO instant with nanoseconds, an epoch number or {@code
 * PT3H}. Machine-readable values stay in {@code <time datetime>} attributes and exports.
 */
@Component("fmt")
public class ConsoleFormat {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  /** "6 Dec 2026, 20:51 UTC"; "—" for null. Accepts instants, offset times, dates and text. */
  public String when(Object t) {
    if (t == null) {
      return "—";
    }
    if (t instanceof Instant i) {
      return WHEN.format(i);
    }
    if (t instanceof OffsetDateTime o) {
      return WHEN.format(o.toInstant());
    }
    if (t instanceof java.sql.Timestamp ts) {
      return WHEN.format(ts.toInstant());
    }
    if (t instanceof LocalDate d) {
      return DAY.format(d);
    }
    if (t instanceof TemporalAccessor a) {
      return a.toString();
    }
    String s = t.toString();
    try {
      return WHEN.format(Instant.parse(s));
    } catch (java.time.format.DateTimeParseException e) {
      try {
        return WHEN.format(OffsetDateTime.parse(s).toInstant());
      } catch (java.time.format.DateTimeParseException e2) {
        try {
          return DAY.format(LocalDate.parse(s));
        } catch (java.time.format.DateTimeParseException e3) {
          return s;
        }
      }
    }
  }

  /** An ISO-8601 instant for {@code <time datetime>}; empty for null. */
  public String iso(Object t) {
    if (t == null) {
      return "";
    }
    if (t instanceof Instant i) {
      return i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
    if (t instanceof OffsetDateTime o) {
      return o.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
    if (t instanceof java.sql.Timestamp ts) {
      return ts.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
    return t.toString();
  }

  /** "3 h 20 min", "2 days 4 h", "45 s"; "—" for null. */
  public String duration(Duration d) {
    if (d == null) {
      return "—";
    }
    long s = Math.abs(d.getSeconds());
    String sign = d.isNegative() ? "−" : "";
    if (s < 60) {
      return sign + s + " s";
    }
    if (s < 3600) {
      return sign + s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    if (s < 86_400) {
      return sign + s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
    }
    long days = s / 86_400;
    long hours = s % 86_400 / 3600;
    return sign + days + (days == 1 ? " day" : " days") + (hours == 0 ? "" : " " + hours + " h");
  }

  /** {@link #duration} of a number of seconds; "—" for null. */
  public String seconds(Long s) {
    return s == null ? "—" : duration(Duration.ofSeconds(s));
  }

  /**
   * A loss in words, as the drill and the overview say it: "Fire in dj-5f-r7" for event {@code
   * fire} and lost {@code [zone:dj-5f-r7]} (not "fire in zone:dj-5f-r7").
   */
  public String loss(String event, java.util.List<String> lost) {
    return FireDrill.lossLabel(event, lost == null ? java.util.List.of() : lost);
  }

  /** As {@link #loss(String, java.util.List)} for a form's space-separated losses. */
  public String loss(String event, String lost) {
    return loss(
        event,
        lost == null || lost.isBlank()
            ? java.util.List.of()
            : java.util.List.of(lost.trim().split("\\s+")));
  }

  /** A system's grade in words: "grade 1" … "grade 4", or "ungraded" (not 0). */
  public String grade(Object grade) {
    int g = grade instanceof Number n ? n.intValue() : 0;
    return g >= 1 && g <= 4 ? Integer.toString(g) : "ungraded";
  }

  /** "1 finding", "4,021 findings": the count and the noun in the right number. */
  public String plural(long n, String singular, String plural) {
    return count(n) + " " + (n == 1 ? singular : plural);
  }

  /** Where a workload runs, in words: "dj-5f-r7 (primary), dj-2f-r1 (replica)". */
  public String placements(java.util.Collection<dev.haechi.resilience.catalog.Placement> ps) {
    if (ps == null || ps.isEmpty()) {
      return "—";
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (var p : ps) {
      out.add(
          p.zone()
              + (p.role() == null
                  ? ""
                  : " (" + p.role().toString().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
    }
    return String.join(", ", out);
  }

  /** A count with thousands separators: "4,021". */
  public String count(long n) {
    return String.format(Locale.ENGLISH, "%,d", n);
  }

  /**
   * The console page an audit record's target is about ({@code alert:12} → {@code /alerts/12},
   * {@code plan:3}, {@code case:4}, {@code catalog:government}, {@code restoration:…}, {@code
   * user:…}, {@code setting:…}, {@code source:…}), or null when it has none.
   */
  public String targetLink(String target) {
    if (target == null) {
      return null;
    }
    int colon = target.indexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      return null;
    }
    String kind = target.substring(0, colon);
    String rest = target.substring(colon + 1);
    boolean number = rest.chars().allMatch(Character::isDigit);
    return switch (kind) {
      case "alert" -> number ? "/alerts/" + rest : null;
      case "plan" -> number ? "/identity/plans/" + rest : null;
      case "case" -> number ? "/breach/cases/" + rest : null;
      case "exercise-run" -> number ? "/exercise/runs/" + rest : null;
      case "catalog" ->
          "/resilience/catalog?catalog="
              + java.net.URLEncoder.encode(rest, java.nio.charset.StandardCharsets.UTF_8);
      case "restoration" -> "/resilience/recovery";
      case "user" -> "/admin/users";
      case "setting" -> "/admin/settings";
      case "source" -> "/identity/runs";
      default -> null;
    };
  }
}
