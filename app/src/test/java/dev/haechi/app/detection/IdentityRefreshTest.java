package dev.haechi.app.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.ServerTestSupport;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.readers.IdentityDirectory;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11 item 6, reproduction "recompile per reconciliation": a Leaver Guard reconciliation
 * reaches the server's engine in place — the same compiled engine, so its correlation windows and
 * disclosure baselines survive — and the new facts take effect.
 */
class IdentityRefreshTest extends ServerTestSupport {
  @Autowired DetectionService detection;
  @Autowired IdentityState identity;

  @Test
  void a_reconciliation_updates_the_engine_in_place_without_recompiling(@TempDir Path dir)
      throws Exception {
    DetectionEngine before = detection.loaded().engine();
    long[] counts = detection.identityUpdates();
    Files.writeString(
        dir.resolve("hr.csv"),
        """
        employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,termination_date
        E7001,qleaver@retail.example,Q,Leaver,Platform,Engineer,,terminated,2020-01-01,2025-05-01
        """);
    IdentitySnapshot snapshot = IdentityDirectory.read(dir);
    LocalDate asOf = LocalDate.of(2025, 6, 30);
    identity.replace(
        "test",
        asOf,
        snapshot,
        IdentityReconciler.reconcile(snapshot, ReconcileOptions.asOf(asOf)));
    // the next batch notices the change; the refresh runs off the ingest path
    detection.ingest("test", "refresh", new BufferedReader(new StringReader("")));
    long deadline = System.currentTimeMillis() + 20_000;
    while (detection.loaded().identityVersion() != identity.version()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(detection.loaded().identityVersion()).isEqualTo(identity.version());
    assertThat(detection.loaded().engine()).isSameAs(before);
    assertThat(detection.identityUpdates()[0]).isGreaterThan(counts[0]);
    assertThat(detection.identityUpdates()[1]).isEqualTo(counts[1]);
    // the leaver is now known to the unchanged engine: the built-in terminated rule fires
    IngestResult r =
        detection.ingest(
            "test",
            "refresh",
            new BufferedReader(
                new StringReader(
                    "{\"@timestamp\":\"2025-06-24T03:12:45Z\",\"user\":{\"name\":\"qleaver\"}}\n")));
    assertThat(r.alerts()).isGreaterThanOrEqualTo(1);
  }
}
