package dev.haechi.resilience.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveCheckTest {
  static final String CATALOG =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: z1}
      spec: {site: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: z2}
      spec: {site: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: vault}
      spec: {site: s1}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: fare-db
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/rpo: 5m
          haechi.dev/placement: "z1:primary, z2:replica-async"
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: docs
        annotations:
          haechi.dev/grade: "3"
          haechi.dev/rpo: 24h
          haechi.dev/placement: "z1:primary"
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: quiet
        annotations: {haechi.dev/grade: "2", haechi.dev/rpo: 1h, haechi.dev/placement: "z1:primary"}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Backup
      metadata: {name: fare-db-nightly}
      spec: {of: resource:default/fare-db, zone: vault, interval: 24h}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Backup
      metadata: {name: docs-daily}
      spec: {of: resource:default/docs, zone: vault, interval: 24h, lastRestoreTest: 2026-06-01}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Backup
      metadata: {name: quiet-daily}
      spec: {of: resource:default/quiet, zone: vault, interval: 24h}
      """;

  static final Catalog CAT = CatalogLoader.load(Map.of("c.yaml", CATALOG)).catalog();
  static final Instant NOW = Instant.parse("2026-06-30T09:05:00Z");

  static ReportBatch read(String text, Instant asOf) {
    return new ReportReader(CAT, asOf, ReportReader.DEFAULT_SKEW)
        .read("r.jsonl", new BufferedReader(new StringReader(text)))
        .batch();
  }

  static LiveResult check(String text, Instant asOf) {
    return LiveCheck.check(CAT, read(text, asOf).reports(), asOf, LiveOptions.DEFAULTS);
  }

  static List<String> types(LiveResult r) {
    return r.findings().stream().map(f -> f.type() + " " + f.subject()).toList();
  }

  @Test
  void lag_over_the_rpo_is_a_finding_with_the_report_line_as_evidence_and_recovery_is_history() {
    String reports =
        """
        {"time":"2026-06-30T08:40:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"10s"}
        {"time":"2026-06-30T08:45:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"9m"}
        {"time":"2026-06-30T08:50:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"30s"}
        {"time":"2026-06-30T08:55:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"20m"}
        {"time":"2026-06-30T09:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"42m"}
        {"time":"2026-06-30T02:04:11Z","kind":"backup","of":"resource:default/fare-db","backup":"fare-db-nightly","status":"success","completed":"2026-06-30T02:04:00Z","bytes":73400320}
        {"time":"2026-06-30T03:00:00Z","kind":"restore-test","backup":"fare-db-nightly","status":"success"}
        """;
    LiveResult r = check(reports, NOW);
    Finding lag =
        r.findings().stream()
            .filter(f -> f.type().equals("replication-lag-over-rpo"))
            .findFirst()
            .orElseThrow();
    assertThat(lag.subject())
        .containsEntry("entity", "resource:default/fare-db")
        .containsEntry("zone", "z2");
    assertThat(lag.evidence().get(0))
        .startsWith("r.jsonl:5 lag 42m")
        .contains("since 2026-06-30T08:55:00Z");
    assertThat(lag.evidence().get(1)).startsWith("c.yaml:").contains("haechi.dev/rpo: 5m");
    assertThat(lag.remedy()).isNotBlank();
    // the 9m spike that came back to 30s is history, not a finding
    assertThat(r.history())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("replication-lag-over-rpo");
              assertThat(e.from()).isEqualTo(Instant.parse("2026-06-30T08:45:00Z"));
              assertThat(e.to()).isEqualTo(Instant.parse("2026-06-30T08:50:00Z"));
            });
    // losing z1 (the primary) now leaves the replica 42m behind and a backup 7h old: breach
    Finding breach =
        r.findings().stream()
            .filter(f -> f.type().equals("live-rpo-breach"))
            .findFirst()
            .orElseThrow();
    assertThat(breach.subject()).containsEntry("zone", "z1");
    assertThat(breach.title()).contains("42m");
    assertThat(breach.evidence()).anyMatch(e -> e.startsWith("r.jsonl:5"));
    // checked at 08:52 (after the spike cleared), nothing about lag is open
    LiveResult earlier = check(reports, Instant.parse("2026-06-30T08:52:00Z"));
    assertThat(types(earlier)).noneMatch(t -> t.startsWith("replication-lag-over-rpo"));
    assertThat(types(earlier)).noneMatch(t -> t.startsWith("live-rpo-breach"));
    assertThat(earlier.history()).hasSize(1);
  }

  @Test
  void failed_and_overdue_backups_and_restore_tests() {
    String reports =
        """
        {"time":"2026-06-27T02:00:00Z","kind":"backup","backup":"docs-daily","status":"success"}
        {"time":"2026-06-28T02:00:00Z","kind":"backup","backup":"docs-daily","status":"failed","detail":"disk full"}
        {"time":"2026-06-29T02:00:00Z","kind":"backup","backup":"docs-daily","status":"failed","detail":"disk full"}
        {"time":"2026-06-29T03:00:00Z","kind":"restore-test","backup":"fare-db-nightly","status":"failed","detail":"checksum mismatch"}
        {"time":"2026-06-30T02:00:00Z","kind":"backup","backup":"fare-db-nightly","status":"success"}
        """;
    LiveResult r = check(reports, NOW);
    assertThat(types(r))
        .contains(
            "backup-failed {entity=resource:default/docs, backup=docs-daily}",
            "backup-overdue {entity=resource:default/docs, backup=docs-daily}",
            "restore-test-failed {entity=resource:default/fare-db, backup=fare-db-nightly}")
        .doesNotContain(
            "backup-overdue {entity=resource:default/fare-db, backup=fare-db-nightly}",
            // docs-daily was restore-tested on 2026-06-01 (catalog), within 90 days
            "restore-test-overdue {entity=resource:default/docs, backup=docs-daily}");
    // fare-db-nightly has no successful restore test at all
    assertThat(types(r))
        .contains("restore-test-overdue {entity=resource:default/fare-db, backup=fare-db-nightly}");
    Finding failed =
        r.findings().stream()
            .filter(f -> f.type().equals("backup-failed"))
            .findFirst()
            .orElseThrow();
    assertThat(failed.evidence().get(0)).startsWith("r.jsonl:3").contains("disk full");
    assertThat(failed.evidence().get(1)).startsWith("r.jsonl:2 failing since");
    // docs: newest success 2026-06-27 02:00 is 3d7h old, over 1.5 × 24h
    Finding overdue =
        r.findings().stream()
            .filter(f -> f.type().equals("backup-overdue"))
            .findFirst()
            .orElseThrow();
    assertThat(overdue.evidence().get(1)).startsWith("r.jsonl:1 newest success");
    // a success after the failures closes backup-failed and leaves history
    LiveResult recovered =
        check(
            reports
                + """
                {"time":"2026-06-30T04:00:00Z","kind":"backup","backup":"docs-daily","status":"success"}
                """,
            NOW);
    assertThat(types(recovered)).noneMatch(t -> t.startsWith("backup-failed"));
    assertThat(types(recovered))
        .noneMatch(t -> t.startsWith("backup-overdue {entity=resource:default/docs"));
    assertThat(recovered.history())
        .anyMatch(e -> e.type().equals("backup-failed") && e.about().equals("docs-daily"));
  }

  @Test
  void silence_is_a_finding() {
    String reports =
        """
        {"time":"2026-06-30T07:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"1s"}
        {"time":"2026-06-30T07:01:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"1s"}
        {"time":"2026-06-26T02:00:00Z","kind":"backup","backup":"quiet-daily","status":"success"}
        """;
    LiveResult r = check(reports, NOW);
    assertThat(types(r))
        .contains(
            "report-stale {entity=resource:default/fare-db, zone=z2}",
            "report-stale {entity=resource:default/quiet, backup=quiet-daily}");
    // a replica silent for two hours cannot be counted as a copy 1s behind
    assertThat(types(r)).contains("live-rpo-breach {entity=resource:default/fare-db, zone=z1}");
    // checked five minutes after the last sample: fresh
    LiveResult fresh = check(reports, Instant.parse("2026-06-30T07:06:00Z"));
    assertThat(types(fresh))
        .doesNotContain("report-stale {entity=resource:default/fare-db, zone=z2}");
  }

  @Test
  void bad_lines_are_named_and_skipped_and_future_lines_are_flagged_not_trusted() {
    String reports =
        """
        {"time":"2026-06-30T02:00:00Z","kind":"backup","backup":"docs-daily","status":"success"}
        not json
        {"time":"2026-06-30T02:00:00Z","kind":"backup","backup":"nope","status":"success"}
        {"time":"2026-06-30T02:00:00Z","kind":"replication","of":"resource:default/ghost","zone":"z2","lag":"1s"}
        {"time":"2026-06-30T02:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"soon"}
        {"time":"2026-06-30T02:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z9","lag":"1s"}
        {"time":"yesterday","kind":"backup","backup":"docs-daily","status":"success"}
        {"time":"2026-06-30T02:00:00Z","kind":"backup","of":"resource:default/fare-db","backup":"docs-daily","status":"success"}

        {"time":"2026-07-30T02:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"1s"}
        {"time":"2026-06-30T02:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":3.5}
        {"time":"2026-06-30T02:00:00Z","kind":"replication","of":"resource:default/fare-db","zone":"z2","lag":"0.25s"}
        """;
    ReportBatch b = read(reports, NOW);
    assertThat(b.reports()).hasSize(3);
    assertThat(b.bad().stream().map(BadLine::toString))
        .containsExactly(
            "r.jsonl:2: not JSON (Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))",
            "r.jsonl:3: backup: no Backup 'nope' in the catalog",
            "r.jsonl:4: of: no entity resource:default/ghost in the catalog",
            "r.jsonl:5: lag: invalid duration 'soon' (expected e.g. 30s, 15m, 4h, 7d or PT4H)",
            "r.jsonl:6: zone: resource:default/fare-db has no placement in zone 'z9' (its zones: z1, z2)",
            "r.jsonl:7: time: 'yesterday' is not a date-time such as 2026-06-30T02:04:11Z",
            "r.jsonl:8: of: backup 'docs-daily' is a backup of resource:default/docs, not of resource:default/fare-db");
    assertThat(b.future()).singleElement().satisfies(f -> assertThat(f.line()).isEqualTo(10));
    assertThat(((LiveReport.ReplicationSample) b.reports().get(1)).lag())
        .isEqualTo(Duration.ofMillis(3500));
    assertThat(((LiveReport.ReplicationSample) b.reports().get(2)).lag())
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void a_backup_that_survives_without_a_known_success_is_an_unknown_loss_not_nothing() {
    // quiet has its only placement in z1 and a backup in the vault with no success known
    String reports =
        """
        {"time":"2026-06-30T02:00:00Z","kind":"restore-test","backup":"quiet-daily","status":"success"}
        """;
    LiveResult r = check(reports, NOW);
    Finding breach =
        r.findings().stream()
            .filter(f -> f.type().equals("live-rpo-breach"))
            .findFirst()
            .orElseThrow();
    assertThat(breach.title()).contains("unknown amount");
    assertThat(types(r))
        .contains("backup-overdue {entity=resource:default/quiet, backup=quiet-daily}");
  }

  @Test
  void adapters_turn_pgbackrest_and_restic_output_into_report_lines() {
    String pgbackrest =
        """
        [{"name":"main","status":{"code":0,"message":"ok"},"backup":[
          {"label":"20260629-020000F","type":"full","error":false,
           "timestamp":{"start":1782698400,"stop":1782698460},
           "info":{"size":1000,"delta":1000,"repository":{"size":300,"delta":300}}},
          {"label":"20260630-020000F_20260630-020000I","type":"incr","error":true,
           "timestamp":{"start":1782784800,"stop":1782784830},
           "info":{"repository":{"delta":20}}}]}]
        """;
    List<String> lines =
        PgBackRestInfo.lines("info.json", pgbackrest, Map.of("main", "fare-db-nightly"), null);
    assertThat(lines).hasSize(2);
    ReportBatch b = read(String.join("\n", lines), NOW);
    assertThat(b.bad()).isEmpty();
    assertThat(b.reports())
        .extracting(x -> ((LiveReport.BackupRun) x).success())
        .containsExactly(true, false);
    assertThat(((LiveReport.BackupRun) b.reports().get(0)).completed())
        .isEqualTo(Instant.ofEpochSecond(1782698460));
    assertThat(((LiveReport.BackupRun) b.reports().get(0)).bytes()).isEqualTo(300);

    String restic =
        """
        [{"time":"2026-06-30T01:59:58.123456789+02:00","tree":"t","paths":["/srv/docs"],
          "hostname":"files1","username":"root","id":"4bd8a1c2e3","short_id":"4bd8a1c2",
          "summary":{"backup_start":"2026-06-30T01:59:58+02:00","backup_end":"2026-06-30T02:03:00+02:00",
                     "total_bytes_processed":5000}}]
        """;
    List<String> r =
        ResticSnapshots.lines("snap.json", restic, "docs-daily", "resource:default/docs");
    ReportBatch rb = read(String.join("\n", r), NOW);
    assertThat(rb.bad()).isEmpty();
    LiveReport.BackupRun run = (LiveReport.BackupRun) rb.reports().get(0);
    assertThat(run.completed()).isEqualTo(Instant.parse("2026-06-30T00:03:00Z"));
    assertThat(run.detail()).contains("4bd8a1c2").contains("/srv/docs");
  }
}
