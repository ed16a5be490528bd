package dev.haechi.demo.government;

import dev.haechi.demo.output.JsonText;
import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * A week of live reports (FORMATS.md §3.1) for the government catalog, ending at {@link #END}:
 * replication lag every 15 minutes for every replicated database, each backup's runs, and a few
 * restore tests. Planted (named in the manifest under {@code planted.liveReports}): a replica whose
 * lag spiked over its RPO and recovered (history), one that is over its RPO at the end, a replica
 * that went silent, a backup whose last runs failed, a backup whose reports stopped, and a failed
 * restore test.
 */
final class LiveReportsWeek {
  static final String FILE = "reports/week.jsonl";

  /** The end of the week: the evening before the fire. */
  static final Instant END = Instant.parse("2025-09-25T12:00:00Z");

  private static final Duration STEP = Duration.ofMinutes(15);

  private LiveReportsWeek() {}

  static void write(
      OutputFolder folder, GovernmentCatalog catalog, SplittableRandom random, ObjectNode manifest)
      throws IOException {
    Instant start = END.minus(Duration.ofDays(7));
    List<CatalogEntity> replicated = new ArrayList<>();
    for (CatalogEntity r : catalog.resources()) {
      if (r.hasRole("replica-async") || r.hasRole("replica-sync")) {
        replicated.add(r);
      }
    }
    List<CatalogEntity> async =
        replicated.stream().filter(r -> r.hasRole("replica-async")).toList();
    String spiked = async.isEmpty() ? null : async.get(0).name;
    String lagging = async.size() < 2 ? null : async.get(1).name;
    String silentReplica = async.size() < 3 ? null : async.get(2).name;
    List<Backup> daily = catalog.backups().stream().filter(b -> !b.monthly()).toList();
    String failing = daily.isEmpty() ? null : daily.get(0).name();
    String silentBackup = daily.size() < 2 ? null : daily.get(1).name();
    String badRestore = daily.size() < 3 ? null : daily.get(2).name();

    int lines = 0;
    try (Writer out = folder.open(FILE)) {
      for (Instant t = start; !t.isAfter(END); t = t.plus(STEP)) {
        for (CatalogEntity r : replicated) {
          if (r.name.equals(silentReplica) && t.isAfter(END.minus(Duration.ofHours(3)))) {
            continue;
          }
          String role = r.hasRole("replica-sync") ? "replica-sync" : "replica-async";
          String zone = zoneOf(r, role);
          double lag =
              role.equals("replica-sync")
                  ? 0 // a synchronous replica confirms each commit: nothing committed is missing
                  : 1 + random.nextInt(20) + random.nextDouble();
          if (r.name.equals(spiked)
              && !t.isBefore(start.plus(Duration.ofHours(60)))
              && t.isBefore(start.plus(Duration.ofHours(63)))) {
            lag = 3600 + random.nextInt(3600);
          }
          if (r.name.equals(lagging) && !t.isBefore(END.minus(Duration.ofMinutes(90)))) {
            lag = 1800 + Duration.between(END.minus(Duration.ofMinutes(90)), t).getSeconds() * 2;
          }
          StringBuilder b = new StringBuilder(160);
          b.append("{\"time\":\"").append(t).append("\",\"kind\":\"replication\",\"of\":");
          JsonText.quote(b, r.ref()).append(",\"zone\":");
          JsonText.quote(b, zone).append(",\"lag\":\"");
          b.append(Math.round(lag * 1000) / 1000.0).append("s\"}\n");
          out.write(b.toString());
          lines++;
        }
      }
      for (Backup bk : catalog.backups()) {
        Duration interval = bk.monthly() ? Duration.ofDays(30) : Duration.ofDays(1);
        Instant last = java.time.OffsetDateTime.parse(bk.lastSuccess()).toInstant();
        for (Instant run = last; !run.isBefore(start); run = run.minus(interval)) {
          if (run.isAfter(END)) {
            continue;
          }
          boolean silent =
              bk.name().equals(silentBackup) && run.isAfter(start.plus(Duration.ofDays(3)));
          if (silent) {
            continue;
          }
          boolean failed = bk.name().equals(failing) && run.isAfter(END.minus(Duration.ofDays(2)));
          Instant completed = run.plusSeconds(60 + random.nextInt(1800));
          StringBuilder b = new StringBuilder(200);
          b.append("{\"time\":\"").append(completed).append("\",\"kind\":\"backup\",\"of\":");
          JsonText.quote(b, bk.of()).append(",\"backup\":");
          JsonText.quote(b, bk.name()).append(",\"status\":\"");
          b.append(failed ? "failed" : "success").append('"');
          if (!failed) {
            b.append(",\"completed\":\"").append(completed).append('"');
            b.append(",\"bytes\":").append(1_000_000L + random.nextLong(50_000_000_000L));
          } else {
            b.append(",\"detail\":\"repository unreachable: connection timed out\"");
          }
          b.append("}\n");
          out.write(b.toString());
          lines++;
        }
      }
      int tests = 0;
      for (Backup bk : daily) {
        if (tests >= 5) {
          break;
        }
        if (bk.name().equals(failing) || bk.name().equals(silentBackup)) {
          continue;
        }
        boolean bad = bk.name().equals(badRestore);
        Instant at = start.plus(Duration.ofHours(30 + 24L * tests));
        StringBuilder b = new StringBuilder(200);
        b.append("{\"time\":\"").append(at).append("\",\"kind\":\"restore-test\",\"backup\":");
        JsonText.quote(b, bk.name()).append(",\"status\":\"");
        b.append(bad ? "failed\",\"detail\":\"checksum mismatch in restored base\"" : "success\"");
        b.append("}\n");
        out.write(b.toString());
        lines++;
        tests++;
      }
    }
    ObjectNode live = ((ObjectNode) manifest.get("planted")).putObject("liveReports");
    live.put("file", FILE);
    live.put("from", start.toString());
    live.put("asOf", END.toString());
    live.put("lines", lines);
    live.put("replicationStreams", replicated.size());
    putRef(live, "lagSpikeRecovered", spiked);
    putRef(live, "lagOverRpoAtEnd", lagging);
    putRef(live, "replicaSilentLast3h", silentReplica);
    live.put("backupFailingLast2Runs", failing);
    live.put("backupSilentAfterDay3", silentBackup);
    live.put("restoreTestFailed", badRestore);
    live.put(
        "lastRestoreTestBefore", LocalDate.ofInstant(END, ZoneOffset.UTC).minusDays(90).toString());
  }

  private static void putRef(ObjectNode node, String key, String name) {
    if (name != null) {
      node.put(key, "resource:default/" + name);
    }
  }

  private static String zoneOf(CatalogEntity r, String role) {
    for (String p : r.placement) {
      if (p.endsWith(":" + role)) {
        return p.substring(0, p.indexOf(':'));
      }
    }
    throw new IllegalStateException(r.name + " has no " + role);
  }
}
