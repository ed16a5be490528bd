package dev.haechi.resilience.live;

import dev.haechi.core.Durations;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads FORMATS.md §3.1 report lines against a catalog. A line that is not a JSON object, names an
 * entity, backup or zone the catalog does not have, or has an unreadable time, status or duration
 * is skipped and named ({@code FILE:LINE: reason}); the other lines are used. A line dated after
 * {@code asOf + skew} is flagged as from the future and not used.
 */
public final class ReportReader {
  /** Clock skew allowed between a reporter and the checker before a line counts as future. */
  public static final Duration DEFAULT_SKEW = Duration.ofMinutes(5);

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final java.util.regex.Pattern DECIMAL_SECONDS =
      java.util.regex.Pattern.compile("(\\d+\\.\\d+)\\s*s");

  private final Catalog catalog;
  private final java.util.Map<String, Backup> backups = new java.util.HashMap<>();
  private final Instant asOf;
  private final Duration skew;
  private final List<LiveReport> reports = new ArrayList<>();
  private final List<BadLine> bad = new ArrayList<>();
  private final List<BadLine> future = new ArrayList<>();

  public ReportReader(Catalog catalog, Instant asOf, Duration skew) {
    this.catalog = catalog;
    catalog.backups().forEach(b -> backups.put(b.name(), b));
    this.asOf = asOf;
    this.skew = skew;
  }

  /** Reads every line of {@code in}, naming lines {@code source:N}. */
  public ReportReader read(String source, BufferedReader in) {
    try {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        line(source, n, line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** Reads one line; blank lines are ignored. */
  public void line(String source, long n, String text) {
    if (text.isBlank()) {
      return;
    }
    String origin = source + ":" + n;
    try {
      LiveReport r = parse(text, origin);
      if (r.time().isAfter(asOf.plus(skew))) {
        future.add(
            new BadLine(
                source,
                n,
                "dated "
                    + r.time()
                    + ", after the check time "
                    + asOf
                    + " (+"
                    + Durations.format(skew)
                    + " skew): flagged, not trusted"));
      } else {
        reports.add(r);
      }
    } catch (BadField e) {
      bad.add(new BadLine(source, n, e.getMessage()));
    }
  }

  /** How many lines were used so far. */
  public int used() {
    return reports.size();
  }

  /** The last line used, or null. */
  public LiveReport lastUsed() {
    return reports.isEmpty() ? null : reports.get(reports.size() - 1);
  }

  public ReportBatch batch() {
    return new ReportBatch(reports, bad, future);
  }

  private LiveReport parse(String text, String origin) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new BadField("not JSON (" + firstLine(e.getOriginalMessage()) + ")");
    }
    if (node == null || !node.isObject()) {
      throw new BadField("not a JSON object");
    }
    Instant time = instant(node, "time", true);
    String kind = text(node, "kind", true);
    switch (kind) {
      case "backup" -> {
        Backup b = backup(text(node, "backup", true));
        EntityRef of = ofMatching(node, b);
        boolean ok = status(node);
        Instant completed = instant(node, "completed", false);
        long bytes = node.has("bytes") ? node.get("bytes").asLong(-1) : -1;
        return new LiveReport.BackupRun(
            time,
            of,
            b.name(),
            ok,
            completed == null ? time : completed,
            bytes,
            optional(node, "detail"),
            origin);
      }
      case "replication" -> {
        Workload w = workload(text(node, "of", true));
        String zone = text(node, "zone", true);
        if (w.placements().stream().map(Placement::zone).noneMatch(zone::equals)) {
          throw new BadField(
              "zone: "
                  + w.ref()
                  + " has no placement in zone '"
                  + zone
                  + "' (its zones: "
                  + String.join(", ", w.zones())
                  + ")");
        }
        return new LiveReport.ReplicationSample(time, w.ref(), zone, lag(node), origin);
      }
      case "restore-test" -> {
        Backup b = backup(text(node, "backup", true));
        EntityRef of = ofMatching(node, b);
        return new LiveReport.RestoreTest(
            time, of, b.name(), status(node), optional(node, "detail"), origin);
      }
      default ->
          throw new BadField(
              "kind: '" + kind + "' is not one of backup, replication, restore-test");
    }
  }

  private EntityRef ofMatching(JsonNode node, Backup b) {
    String of = optional(node, "of");
    if (of != null) {
      Workload w = workload(of);
      if (!w.ref().equals(b.of())) {
        throw new BadField(
            "of: backup '" + b.name() + "' is a backup of " + b.of() + ", not of " + w.ref());
      }
    }
    return b.of();
  }

  private Backup backup(String name) {
    Backup b = backups.get(name);
    if (b == null) {
      throw new BadField("backup: no Backup '" + name + "' in the catalog");
    }
    return b;
  }

  private Workload workload(String text) {
    EntityRef ref;
    try {
      ref = EntityRef.parse(text, "resource", EntityRef.DEFAULT_NAMESPACE);
    } catch (IllegalArgumentException e) {
      throw new BadField("of: " + e.getMessage());
    }
    Optional<Workload> w = catalog.workload(ref);
    return w.orElseThrow(() -> new BadField("of: no entity " + ref + " in the catalog"));
  }

  private static boolean status(JsonNode node) {
    String s = text(node, "status", true).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "success", "succeeded", "ok", "passed" -> true;
      case "failed", "failure", "error" -> false;
      default -> throw new BadField("status: '" + s + "' is not success or failed");
    };
  }

  private static Duration lag(JsonNode node) {
    JsonNode v = node.get("lag");
    if (v == null || v.isNull()) {
      throw new BadField("lag: missing");
    }
    if (v.isNumber()) {
      double seconds = v.asDouble();
      if (seconds < 0 || Double.isNaN(seconds)) {
        throw new BadField("lag: negative or not a number");
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    }
    String text = v.asString().trim();
    java.util.regex.Matcher decimal = DECIMAL_SECONDS.matcher(text);
    if (decimal.matches()) {
      // lag is often fractional: "0.25s", "3.274s"
      return Duration.ofNanos(Math.round(Double.parseDouble(decimal.group(1)) * 1e9));
    }
    try {
      Duration d = Durations.parse(text);
      if (d.isNegative()) {
        throw new BadField("lag: negative");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new BadField("lag: " + e.getMessage());
    }
  }

  private static Instant instant(JsonNode node, String field, boolean required) {
    String t = required ? text(node, field, true) : optional(node, field);
    if (t == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadField(field + ": '" + t + "' is not a date-time such as 2026-06-30T02:04:11Z");
    }
  }

  private static String text(JsonNode node, String field, boolean required) {
    String v = optional(node, field);
    if (v == null && required) {
      throw new BadField(field + ": missing");
    }
    return v;
  }

  private static String optional(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw new BadField(field + ": expected a string");
    }
    String s = v.asString().trim();
    return s.isEmpty() ? null : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "malformed";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A field that makes the line unusable. */
  private static final class BadField extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadField(String message) {
      super(message, null, false, false);
    }
  }
}
