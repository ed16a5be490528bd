package dev.haechi.app.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.store.StoreFixture;
import dev.haechi.app.store.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit hash chain on every store kind: tampering of each sort is caught and named. */
class AuditChainTest {

  static List<StoreFixture> stores() throws Exception {
    List<StoreFixture> out = new ArrayList<>();
    for (var target : TestDatabases.fresh()) {
      out.add(StoreFixture.migrated(target));
    }
    return out;
  }

  private static AuditLog withRecords(StoreFixture store, int n) {
    AuditLog log = store.auditLog();
    for (int i = 1; i <= n; i++) {
      log.append("alice", "user.changed", "user:bob" + i, "role=viewer->analyst");
    }
    return log;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void untouched_chain_verifies_as_intact(StoreFixture store) {
    AuditLog log = withRecords(store, 5);
    var result = log.verify();
    assertThat(result.intact()).isTrue();
    assertThat(result.records()).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void editing_one_record_is_caught_and_the_record_named(StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    store.jdbc().update("UPDATE audit_log SET actor = 'mallory' WHERE seq = 4");
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(4);
    assertThat(result.reason()).contains("record 4").contains("altered");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void editing_a_record_and_recomputing_its_hash_is_caught_at_the_next_record(StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    var r = log.page(0, 10).stream().filter(x -> x.seq() == 3).findFirst().orElseThrow();
    String forged =
        AuditRecord.hashOf(
            r.prevHash(), r.seq(), r.occurredAt(), "mallory", r.action(), r.target(), r.details());
    store.jdbc().update("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 3", forged);
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(4);
    assertThat(result.reason()).contains("does not link to record 3");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void deleting_a_record_in_the_middle_is_caught_and_the_gap_named(StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    store.jdbc().update("DELETE FROM audit_log WHERE seq = 3");
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(3);
    assertThat(result.reason()).contains("record 3 is missing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void deleting_the_newest_record_is_caught_through_the_head(StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    store.jdbc().update("DELETE FROM audit_log WHERE seq = 6");
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(6);
    assertThat(result.reason()).contains("record 6 is missing");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void concurrent_appends_keep_one_linear_chain(StoreFixture store) throws Exception {
    AuditLog log = store.auditLog();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 25; i++) {
                  log.append("worker" + thread, "import", "run:" + i, "");
                }
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    var result = log.verify();
    assertThat(result.intact()).isTrue();
    assertThat(result.records()).isEqualTo(100);
  }
}
