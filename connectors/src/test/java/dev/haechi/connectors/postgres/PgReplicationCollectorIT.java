package dev.haechi.connectors.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.live.LiveCheck;
import dev.haechi.resilience.live.LiveOptions;
import dev.haechi.resilience.live.LiveResult;
import dev.haechi.resilience.live.ReportBatch;
import dev.haechi.resilience.live.ReportReader;
import java.io.BufferedReader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL primary with a real streaming standby (issue 14, "Done when"): the collector
 * measures the standby's lag under a write load, the live check raises {@code
 * replication-lag-over-rpo} while the standby's replay is paused ({@code pg_wal_replay_pause()}),
 * and the finding clears (into history) after {@code pg_wal_replay_resume()}.
 */
class PgReplicationCollectorIT {
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
      metadata: {name: dr-1f-r1}
      spec: {site: s1}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: fare-db
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/rpo: 3s
          haechi.dev/placement: "z1:primary, dr-1f-r1:replica-async"
      """;
  static final Catalog CAT = CatalogLoader.load(Map.of("c.yaml", CATALOG)).catalog();
  static final Duration RPO = Duration.ofSeconds(3);

  private PgStreamingPair pair;
  private PgReplicationCollector collector;
  private final List<String> lines = new ArrayList<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private Thread writer;

  @BeforeEach
  void start() throws Exception {
    pair = PgStreamingPair.start();
    Properties p = new Properties();
    p.setProperty("user", "postgres");
    collector =
        new PgReplicationCollector(
            pair.primaryUrl(),
            p,
            List.of(
                PgReplicationCollector.Standby.parse(
                    PgStreamingPair.STANDBY_NAME + "=resource:default/fare-db@dr-1f-r1"),
                PgReplicationCollector.Standby.parse("gone=resource:default/fare-db@z1")));
    try (Connection c = pair.primary();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE fares (id bigserial PRIMARY KEY, amount int, at timestamptz)");
    }
  }

  @AfterEach
  void stop() throws Exception {
    writing.set(false);
    if (writer != null) {
      writer.join(10_000);
    }
    if (collector != null) {
      collector.close();
    }
    if (pair != null) {
      pair.close();
    }
  }

  /** A steady write load on the primary: a small transaction every 50 ms. */
  private void startLoad() {
    writing.set(true);
    writer =
        new Thread(
            () -> {
              try (Connection c = pair.primary();
                  Statement s = c.createStatement()) {
                while (writing.get()) {
                  s.execute(
                      "INSERT INTO fares (amount, at) SELECT g, now() FROM generate_series(1, 50) g");
                  Thread.sleep(50);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "pg-load");
    writer.start();
  }

  /** Polls every 250 ms until a sample matches, or fails after 90 s with what was seen. */
  private PgReplicationCollector.Sample pollUntil(Predicate<PgReplicationCollector.Sample> done)
      throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    List<String> seen = new ArrayList<>();
    while (Instant.now().isBefore(deadline)) {
      PgReplicationCollector.Poll poll = collector.poll();
      assertThat(poll.missing())
          .extracting(PgReplicationCollector.Standby::applicationName)
          .containsExactly("gone");
      for (PgReplicationCollector.Sample s : poll.samples()) {
        String line = s.toJsonLine();
        lines.add(line);
        seen.add(line);
        if (done.test(s)) {
          return s;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no matching sample within 90 s; saw:\n" + String.join("\n", seen));
  }

  private LiveResult check(Instant asOf) {
    ReportBatch batch =
        new ReportReader(CAT, asOf, ReportReader.DEFAULT_SKEW)
            .read("collector.jsonl", new BufferedReader(new StringReader(String.join("\n", lines))))
            .batch();
    assertThat(batch.bad()).isEmpty();
    return LiveCheck.check(CAT, batch.reports(), asOf, LiveOptions.DEFAULTS);
  }

  private static List<Finding> lagFindings(LiveResult r) {
    return r.findings().stream().filter(f -> f.type().equals("replication-lag-over-rpo")).toList();
  }

  @Test
  void real_lag_is_measured_and_a_paused_standby_raises_lag_over_rpo_until_it_resumes()
      throws Exception {
    // idle and caught up: no lag
    PgReplicationCollector.Sample idle = pollUntil(s -> s.lagSource().equals("caught-up"));
    assertThat(idle.lag()).isZero();
    assertThat(idle.state()).isEqualTo("streaming");
    assertThat(idle.syncState()).isEqualTo("async");

    // under a write load the streaming standby keeps up: lag well under the 3 s RPO
    startLoad();
    PgReplicationCollector.Sample streaming =
        pollUntil(s -> s.lagSource().equals("replay_lag") && s.bytesBehind() > 0);
    assertThat(streaming.lag()).isLessThan(RPO);
    assertThat(lagFindings(check(streaming.time()))).isEmpty();

    // the standby stops replaying: the lag grows past the RPO while the primary keeps writing
    try (Connection c = pair.standby();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_wal_replay_pause()");
    }
    PgReplicationCollector.Sample paused = pollUntil(s -> s.lag().compareTo(RPO) > 0);
    assertThat(paused.bytesBehind()).isPositive();
    LiveResult during = check(paused.time());
    assertThat(lagFindings(during))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.subject())
                  .containsEntry("entity", "resource:default/fare-db")
                  .containsEntry("zone", "dr-1f-r1");
              assertThat(f.evidence().get(0)).startsWith("collector.jsonl:" + lines.size());
            });
    assertThat(paused.toJsonLine())
        .contains("\"kind\":\"replication\"")
        .contains("\"of\":\"resource:default/fare-db\"")
        .contains("\"zone\":\"dr-1f-r1\"");

    // replay resumes: the standby catches up and the finding clears into history
    try (Connection c = pair.standby();
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_wal_replay_resume()");
    }
    PgReplicationCollector.Sample resumed =
        pollUntil(
            s -> s.time().isAfter(paused.time()) && s.lag().compareTo(Duration.ofSeconds(1)) < 0);
    LiveResult after = check(resumed.time());
    assertThat(lagFindings(after)).isEmpty();
    assertThat(after.history())
        .anySatisfy(e -> assertThat(e.type()).isEqualTo("replication-lag-over-rpo"));
  }
}
