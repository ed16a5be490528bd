package dev.haechi.resilience.live;

import dev.haechi.core.Durations;
import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.Backup;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.Placement;
import dev.haechi.resilience.catalog.Role;
import dev.haechi.resilience.catalog.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The live RPO check (issue 14): from the reports of §3.1 and the catalog, as of an instant, which
 * entities could not be recovered within their RPO right now, which backups failed, are overdue or
 * untested, and which reporters went silent. See the module README for the exact rules.
 *
 * <p>Only reports dated at or before {@code asOf} count, so the same reports checked at an earlier
 * instant give the answer of that instant. A breach that recovered (a lag back under the RPO, a
 * failed run followed by a success) is an {@link Episode} in the history, not a finding.
 */
public final class LiveCheck {
  public static final List<String> TYPES =
      List.of(
          "replication-lag-over-rpo",
          "live-rpo-breach",
          "backup-failed",
          "backup-overdue",
          "restore-test-failed",
          "restore-test-overdue",
          "report-stale");

  private final Catalog catalog;
  private final Instant asOf;
  private final LiveOptions options;
  private final Map<String, Backup> backups = new HashMap<>();
  // (entity, zone) → samples by time; backup → runs by completion; backup → tests by time
  private final Map<EntityRef, Map<String, List<LiveReport.ReplicationSample>>> lag =
      new TreeMap<>();
  private final Map<String, List<LiveReport.BackupRun>> runs = new TreeMap<>();
  private final Map<String, List<LiveReport.RestoreTest>> tests = new TreeMap<>();
  private final TreeSet<EntityRef> monitored = new TreeSet<>();
  private final List<Finding> findings = new ArrayList<>();
  private final List<Episode> history = new ArrayList<>();
  private int used;

  private LiveCheck(Catalog catalog, Instant asOf, LiveOptions options) {
    this.catalog = catalog;
    this.asOf = asOf;
    this.options = options;
    catalog.backups().forEach(b -> backups.put(b.name(), b));
  }

  /** Checks the reports against the catalog as of {@code asOf}. */
  public static LiveResult check(
      Catalog catalog,
      Collection<? extends LiveReport> reports,
      Instant asOf,
      LiveOptions options) {
    LiveCheck c = new LiveCheck(catalog, asOf, options);
    c.index(reports);
    c.replication();
    c.backupRuns();
    c.restoreTests();
    c.liveRpo();
    c.findings.sort(
        Comparator.comparing(Finding::severity)
            .thenComparing(Finding::type)
            .thenComparing(f -> f.subject().toString()));
    c.history.sort(Comparator.comparing(Episode::from).thenComparing(Episode::entity));
    Map<String, Integer> byType = new LinkedHashMap<>();
    TYPES.forEach(t -> byType.put(t, 0));
    c.findings.forEach(f -> byType.merge(f.type(), 1, Integer::sum));
    return new LiveResult(
        c.findings,
        c.history,
        new LiveResult.Summary(
            asOf, c.used, c.monitored.size(), c.findings.size(), byType, c.history.size()));
  }

  private void index(Collection<? extends LiveReport> reports) {
    for (LiveReport r : reports) {
      if (r.time().isAfter(asOf) || catalog.workload(r.of()).isEmpty()) {
        continue;
      }
      used++;
      monitored.add(r.of());
      if (r instanceof LiveReport.ReplicationSample s) {
        lag.computeIfAbsent(s.of(), k -> new TreeMap<>())
            .computeIfAbsent(s.zone(), k -> new ArrayList<>())
            .add(s);
      } else if (r instanceof LiveReport.BackupRun b) {
        runs.computeIfAbsent(b.backup(), k -> new ArrayList<>()).add(b);
      } else if (r instanceof LiveReport.RestoreTest t) {
        tests.computeIfAbsent(t.backup(), k -> new ArrayList<>()).add(t);
      }
    }
    lag.values()
        .forEach(
            m ->
                m.values()
                    .forEach(
                        l ->
                            l.sort(
                                Comparator.comparing(LiveReport.ReplicationSample::time)
                                    .thenComparing(LiveReport.ReplicationSample::origin))));
    runs.values()
        .forEach(
            l ->
                l.sort(
                    Comparator.comparing(LiveReport.BackupRun::completed)
                        .thenComparing(LiveReport.BackupRun::time)));
    tests.values().forEach(l -> l.sort(Comparator.comparing(LiveReport.RestoreTest::time)));
  }

  // --- replication-lag-over-rpo, report-stale (replicas) ---------------------------------------

  private void replication() {
    lag.forEach(
        (ref, zones) -> {
          Workload w = catalog.workload(ref).orElseThrow();
          zones.forEach(
              (zone, samples) -> {
                LiveReport.ReplicationSample last = samples.get(samples.size() - 1);
                if (w.rpo() != null) {
                  Instant openedAt = lagEpisodes(w, zone, samples);
                  if (last.lag().compareTo(w.rpo()) > 0) {
                    findings.add(
                        new Finding(
                            "replication-lag-over-rpo",
                            forGrade(w.grade()),
                            ref
                                + ": the copy in zone "
                                + zone
                                + " trails by "
                                + human(last.lag())
                                + ", more than its RPO of "
                                + Durations.format(w.rpo()),
                            subject(ref, "zone", zone),
                            List.of(
                                last.origin()
                                    + " lag "
                                    + human(last.lag())
                                    + " at "
                                    + last.time()
                                    + (openedAt == null || openedAt.equals(last.time())
                                        ? ""
                                        : " (over the RPO since " + openedAt + ")"),
                                w.source().at("haechi.dev/rpo")
                                    + " haechi.dev/rpo: "
                                    + Durations.format(w.rpo())),
                            "Find why the copy in zone "
                                + zone
                                + " falls behind (paused or slow replay, network, I/O, long"
                                + " transactions) and bring it back under "
                                + Durations.format(w.rpo())
                                + "; until then a loss of the primary loses more than the RPO."));
                  }
                }
                Duration silence = replicationSilence(samples);
                Duration quiet = Duration.between(last.time(), asOf);
                if (quiet.compareTo(silence) > 0) {
                  findings.add(
                      new Finding(
                          "report-stale",
                          forGrade(w.grade()),
                          ref
                              + ": the copy in zone "
                              + zone
                              + " has not reported its lag for "
                              + human(quiet),
                          subject(ref, "zone", zone),
                          List.of(
                              last.origin() + " last lag report at " + last.time(),
                              "silent for "
                                  + human(quiet)
                                  + " as of "
                                  + asOf
                                  + " (stale after "
                                  + human(silence)
                                  + ")"),
                          "Check the replica in zone "
                              + zone
                              + " and its collector: silence may mean the replica or the"
                              + " reporting stopped; its lag is unknown until it reports again."));
                }
              });
        });
  }

  /** Records recovered lag-over-RPO episodes; returns the start of the one still open, or null. */
  private Instant lagEpisodes(Workload w, String zone, List<LiveReport.ReplicationSample> samples) {
    Instant from = null;
    Duration peak = Duration.ZERO;
    for (LiveReport.ReplicationSample s : samples) {
      boolean over = s.lag().compareTo(w.rpo()) > 0;
      if (over && from == null) {
        from = s.time();
        peak = s.lag();
      } else if (over) {
        peak = peak.compareTo(s.lag()) >= 0 ? peak : s.lag();
      } else if (from != null) {
        history.add(
            new Episode(
                "replication-lag-over-rpo",
                w.ref().toString(),
                zone,
                from,
                s.time(),
                "lag peaked at " + human(peak) + " (RPO " + Durations.format(w.rpo()) + ")"));
        from = null;
      }
    }
    return from;
  }

  private Duration replicationSilence(List<LiveReport.ReplicationSample> samples) {
    Duration floor = options.replicationSilence();
    if (samples.size() < 2) {
      return floor;
    }
    long[] gaps = new long[samples.size() - 1];
    for (int i = 1; i < samples.size(); i++) {
      gaps[i - 1] = Duration.between(samples.get(i - 1).time(), samples.get(i).time()).getSeconds();
    }
    java.util.Arrays.sort(gaps);
    Duration usual = Duration.ofSeconds(3 * gaps[gaps.length / 2]);
    return usual.compareTo(floor) > 0 ? usual : floor;
  }

  // --- backup-failed, backup-overdue, report-stale (backups) ----------------------------------

  private void backupRuns() {
    for (Map.Entry<String, List<LiveReport.BackupRun>> e : runs.entrySet()) {
      Backup b = backups.get(e.getKey());
      Workload w = catalog.workload(b.of()).orElseThrow();
      List<LiveReport.BackupRun> list = e.getValue();
      LiveReport.BackupRun last = list.get(list.size() - 1);
      Instant failingSince = null;
      LiveReport.BackupRun firstFail = null;
      for (LiveReport.BackupRun r : list) {
        if (!r.success() && failingSince == null) {
          failingSince = r.completed();
          firstFail = r;
        } else if (r.success() && failingSince != null) {
          history.add(
              new Episode(
                  "backup-failed",
                  w.ref().toString(),
                  b.name(),
                  failingSince,
                  r.completed(),
                  "failed from "
                      + firstFail.origin()
                      + (firstFail.detail() == null ? "" : " (" + firstFail.detail() + ")")
                      + " until "
                      + r.origin()));
          failingSince = null;
        }
      }
      if (!last.success()) {
        List<String> evidence = new ArrayList<>();
        evidence.add(
            last.origin()
                + " run at "
                + last.completed()
                + " failed"
                + (last.detail() == null ? "" : ": " + last.detail()));
        if (firstFail != null && firstFail != last) {
          evidence.add(firstFail.origin() + " failing since " + firstFail.completed());
        }
        findings.add(
            new Finding(
                "backup-failed",
                forGrade(w.grade()),
                "backup " + b.name() + " of " + w.ref() + ": the latest run failed",
                subject(w.ref(), "backup", b.name()),
                evidence,
                "Read the backup tool's log for the failed run, fix the cause and run the backup"
                    + " again; until it succeeds the newest copy keeps ageing."));
      }
      if (b.interval() != null && !b.interval().isZero()) {
        Duration silence = scaled(b.interval(), options.backupSilenceIntervals());
        Instant lastReport =
            list.stream()
                .map(LiveReport.BackupRun::time)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Duration quiet = Duration.between(lastReport, asOf);
        if (quiet.compareTo(silence) > 0) {
          findings.add(
              new Finding(
                  "report-stale",
                  forGrade(w.grade()),
                  "backup "
                      + b.name()
                      + " of "
                      + w.ref()
                      + " has reported no run for "
                      + human(quiet),
                  subject(w.ref(), "backup", b.name()),
                  List.of(
                      last.origin() + " last run reported at " + lastReport,
                      b.source().at("spec.interval")
                          + " spec.interval: "
                          + Durations.format(b.interval())
                          + " (stale after "
                          + human(silence)
                          + ")"),
                  "Check that the backup job still runs and that its reports still reach Haechi;"
                      + " silence is not success."));
        }
      }
    }
    // backup-overdue: every backup something reports on (runs or restore tests)
    TreeSet<String> reported = new TreeSet<>(runs.keySet());
    reported.addAll(tests.keySet());
    for (String name : reported) {
      Backup b = backups.get(name);
      if (b.interval() == null || b.interval().isZero()) {
        continue;
      }
      Workload w = catalog.workload(b.of()).orElseThrow();
      Newest newest = newestSuccess(b);
      Duration allowed = scaled(b.interval(), options.overdueIntervals());
      if (newest != null && Duration.between(newest.at, asOf).compareTo(allowed) <= 0) {
        continue;
      }
      List<String> evidence = new ArrayList<>();
      evidence.add(
          b.source().at("spec.interval") + " spec.interval: " + Durations.format(b.interval()));
      evidence.add(
          newest == null
              ? "no successful run reported and no spec.lastSuccess"
              : newest.evidence
                  + " newest success at "
                  + newest.at
                  + ", "
                  + human(Duration.between(newest.at, asOf))
                  + " before "
                  + asOf);
      findings.add(
          new Finding(
              "backup-overdue",
              forGrade(w.grade()),
              "backup "
                  + b.name()
                  + " of "
                  + w.ref()
                  + " has no success within "
                  + human(allowed)
                  + " ("
                  + options.overdueIntervals()
                  + " intervals)",
              subject(w.ref(), "backup", b.name()),
              evidence,
              "Run the backup now and find why the schedule missed it (job disabled, failing,"
                  + " or its reports not arriving)."));
    }
  }

  private record Newest(Instant at, String evidence) {}

  /**
   * The newest successful copy of a backup: from its reported runs when any are reported (the live
   * reports override the catalog's declared {@code lastSuccess}), else the catalog's.
   */
  private Newest newestSuccess(Backup b) {
    Newest best = null;
    List<LiveReport.BackupRun> reported = runs.getOrDefault(b.name(), List.of());
    for (LiveReport.BackupRun r : reported) {
      if (r.success() && (best == null || r.completed().isAfter(best.at))) {
        best = new Newest(r.completed(), r.origin());
      }
    }
    if (reported.isEmpty() && b.lastSuccess() != null && !b.lastSuccess().isAfter(asOf)) {
      best = new Newest(b.lastSuccess(), b.source().at("spec.lastSuccess") + " spec.lastSuccess:");
    }
    return best;
  }

  // --- restore-test-failed, restore-test-overdue ---------------------------------------------

  private void restoreTests() {
    TreeSet<String> reported = new TreeSet<>(runs.keySet());
    reported.addAll(tests.keySet());
    for (String name : reported) {
      Backup b = backups.get(name);
      Workload w = catalog.workload(b.of()).orElseThrow();
      List<LiveReport.RestoreTest> list = tests.getOrDefault(name, List.of());
      Instant failingSince = null;
      for (LiveReport.RestoreTest t : list) {
        if (!t.success() && failingSince == null) {
          failingSince = t.time();
        } else if (t.success() && failingSince != null) {
          history.add(
              new Episode(
                  "restore-test-failed",
                  w.ref().toString(),
                  name,
                  failingSince,
                  t.time(),
                  "restore tests failed until " + t.origin()));
          failingSince = null;
        }
      }
      LiveReport.RestoreTest last = list.isEmpty() ? null : list.get(list.size() - 1);
      if (last != null && !last.success()) {
        findings.add(
            new Finding(
                "restore-test-failed",
                forGrade(w.grade()),
                "backup " + name + " of " + w.ref() + ": the latest restore test failed",
                subject(w.ref(), "backup", name),
                List.of(
                    last.origin()
                        + " restore test at "
                        + last.time()
                        + " failed"
                        + (last.detail() == null ? "" : ": " + last.detail())),
                "Treat the backup as unusable until a restore test passes: find the cause (corrupt"
                    + " or incomplete copy, missing keys or WAL), fix it and test again."));
      }
      Instant newest = null;
      String where = null;
      for (LiveReport.RestoreTest t : list) {
        if (t.success() && (newest == null || t.time().isAfter(newest))) {
          newest = t.time();
          where = t.origin();
        }
      }
      if (b.lastRestoreTest() != null) {
        Instant cat = b.lastRestoreTest().atStartOfDay(ZoneOffset.UTC).toInstant();
        if (!cat.isAfter(asOf) && (newest == null || cat.isAfter(newest))) {
          newest = cat;
          where = b.source().at("spec.lastRestoreTest") + " spec.lastRestoreTest:";
        }
      }
      if (newest != null
          && Duration.between(newest, asOf).compareTo(options.restoreTestMaxAge()) <= 0) {
        continue;
      }
      findings.add(
          new Finding(
              "restore-test-overdue",
              milder(forGrade(w.grade())),
              "backup "
                  + name
                  + " of "
                  + w.ref()
                  + " has no successful restore test in "
                  + human(options.restoreTestMaxAge()),
              subject(w.ref(), "backup", name),
              List.of(
                  newest == null
                      ? "no successful restore test reported and no spec.lastRestoreTest"
                      : where + " newest successful restore test at " + newest),
              "Restore the newest copy into a scratch system and check it; a backup never"
                  + " restored is a hope, not a copy."));
    }
  }

  // --- live-rpo-breach ------------------------------------------------------------------------

  private void liveRpo() {
    for (EntityRef ref : monitored) {
      Workload w = catalog.workload(ref).orElseThrow();
      if (w.rpo() == null || w.placements().isEmpty()) {
        continue;
      }
      Map<String, List<LiveReport.ReplicationSample>> streams = lag.getOrDefault(ref, Map.of());
      String worstZone = null;
      Copy worst = null;
      for (String zone : w.zones()) {
        Copy best = null;
        for (Placement p : w.placements()) {
          if (p.zone().equals(zone)) {
            continue;
          }
          List<LiveReport.ReplicationSample> s = streams.get(p.zone());
          Copy c;
          if (s != null) {
            LiveReport.ReplicationSample last = s.get(s.size() - 1);
            Duration silence = Duration.between(last.time(), asOf);
            boolean stale = silence.compareTo(replicationSilence(s)) > 0;
            Duration loss = stale ? last.lag().plus(silence) : last.lag();
            c =
                new Copy(
                    loss.getSeconds(),
                    last.origin()
                        + " "
                        + p.role().label()
                        + " in zone "
                        + p.zone()
                        + " trails by "
                        + human(last.lag())
                        + (stale ? ", silent for " + human(silence) : ""));
          } else {
            long loss = p.role() == Role.REPLICA_ASYNC ? w.replicaLag().getSeconds() : 0;
            c =
                new Copy(
                    loss,
                    w.source().at("haechi.dev/placement")
                        + " "
                        + p.role().label()
                        + " in zone "
                        + p.zone()
                        + (loss == 0 ? "" : " (assumed lag " + human(w.replicaLag()) + ")"));
          }
          best = Copy.better(best, c);
        }
        for (Backup b : catalog.backupsOf(ref)) {
          if (b.zone().equals(zone)) {
            continue;
          }
          Newest n = newestSuccess(b);
          Copy c =
              n == null
                  ? new Copy(
                      Copy.UNKNOWN,
                      "backup " + b.name() + " in zone " + b.zone() + ": no success known")
                  : new Copy(
                      Math.max(0, Duration.between(n.at, asOf).getSeconds()),
                      n.evidence
                          + " backup "
                          + b.name()
                          + " in zone "
                          + b.zone()
                          + ", newest success "
                          + n.at);
          best = Copy.better(best, c);
        }
        Copy atZone = best == null ? new Copy(Copy.ALL, "nothing outside zone " + zone) : best;
        if (worst == null || Copy.worse(atZone, worst)) {
          worst = atZone;
          worstZone = zone;
        }
      }
      if (worst.loss >= 0 && worst.loss <= w.rpo().getSeconds()) {
        continue;
      }
      String lost =
          worst.loss == Copy.ALL
              ? "all its data"
              : worst.loss == Copy.UNKNOWN
                  ? "an unknown amount of data (the only surviving copy has no known success)"
                  : human(Duration.ofSeconds(worst.loss)) + " of data";
      findings.add(
          new Finding(
              "live-rpo-breach",
              forGrade(w.grade()),
              ref
                  + " would lose "
                  + lost
                  + " if zone "
                  + worstZone
                  + " were lost now, more than its RPO of "
                  + Durations.format(w.rpo()),
              subject(ref, "zone", worstZone),
              List.of(
                  w.source().at("haechi.dev/rpo") + " haechi.dev/rpo: " + Durations.format(w.rpo()),
                  "as of " + asOf + ", losing zone " + worstZone + " is the worst case",
                  worst.evidence + " is the newest surviving copy"),
              "Bring the replica's lag down or take a backup to another zone now, then find why"
                  + " the copies fell behind the RPO."));
    }
  }

  /** A surviving copy: what it lacks in seconds, or {@link #UNKNOWN}, or {@link #ALL}. */
  private record Copy(long loss, String evidence) {
    static final long UNKNOWN = -1;
    static final long ALL = -2;

    static Copy better(Copy a, Copy b) {
      if (a == null) {
        return b;
      }
      if (a.loss >= 0 && b.loss >= 0) {
        return b.loss < a.loss ? b : a;
      }
      return a.loss >= 0 ? a : b.loss >= 0 ? b : a.loss == UNKNOWN ? a : b;
    }

    /** True when {@code a} is a worse outcome than {@code b}: all > unknown > more seconds. */
    static boolean worse(Copy a, Copy b) {
      return rank(a) > rank(b) || (rank(a) == rank(b) && a.loss > b.loss);
    }

    private static int rank(Copy c) {
      return c.loss == ALL ? 2 : c.loss == UNKNOWN ? 1 : 0;
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private static Map<String, String> subject(EntityRef ref, String key, String value) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("entity", ref.toString());
    m.put(key, value);
    return m;
  }

  static Severity forGrade(int grade) {
    return switch (grade) {
      case 1 -> Severity.CRITICAL;
      case 2 -> Severity.HIGH;
      case 4 -> Severity.LOW;
      default -> Severity.MEDIUM;
    };
  }

  private static Severity milder(Severity s) {
    return s.ordinal() >= Severity.LOW.ordinal()
        ? Severity.LOW
        : Severity.values()[s.ordinal() + 1];
  }

  private static Duration scaled(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }

  /** A duration in the short form, to the second ({@code 1h5m3s}). */
  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s == 0 && d.toMillis() > 0) {
      return d.toMillis() + "ms";
    }
    StringBuilder b = new StringBuilder();
    long days = s / 86_400;
    long h = s % 86_400 / 3_600;
    long m = s % 3_600 / 60;
    long sec = s % 60;
    if (days > 0) {
      b.append(days).append('d');
    }
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0 && days == 0) {
      b.append(m).append('m');
    }
    if (sec > 0 && days == 0 && h == 0) {
      b.append(sec).append('s');
    }
    return b.isEmpty() ? "0s" : b.toString();
  }
}
