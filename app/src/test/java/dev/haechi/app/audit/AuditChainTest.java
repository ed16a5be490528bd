package dev.haechi.app.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.app.store.StoreFixture;
import dev.haechi.app.store.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
  void editing_a_record_and_recomputing_its_hash_without_the_key_is_caught(StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    var r = log.page(0, 10).stream().filter(x -> x.seq() == 3).findFirst().orElseThrow();
    String forged =
        AuditRecord.legacyHashOf(
            r.prevHash(), r.seq(), r.occurredAt(), "mallory", r.action(), r.target(), r.details());
    store.jdbc().update("UPDATE audit_log SET actor = 'mallory', hash = ? WHERE seq = 3", forged);
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(3);
    assertThat(result.reason()).contains("record 3").contains("altered");
  }

  /**
   * Issue 12 item 5: a record deleted, the later ones renumbered and the whole chain and head
   * recomputed (as the unkeyed SHA-256 chain allowed) is caught at the first recomputed record.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_deleted_record_with_the_chain_relinked_and_recomputed_is_caught(StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    var kept =
        log.page(0, 10).stream()
            .filter(x -> x.seq() != 3)
            .sorted(java.util.Comparator.comparingLong(AuditRecord::seq))
            .toList();
    store.jdbc().update("DELETE FROM audit_log");
    String prev = AuditChainVerifier.GENESIS;
    long seq = 1;
    for (AuditRecord r : kept) {
      String h =
          seq < 3
              ? r.hash()
              : AuditRecord.legacyHashOf(
                  prev, seq, r.occurredAt(), r.actor(), r.action(), r.target(), r.details());
      store
          .jdbc()
          .update(
              "INSERT INTO audit_log (seq, occurred_at, actor, action, target, details, prev_hash,"
                  + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              seq,
              java.time.OffsetDateTime.ofInstant(r.occurredAt(), java.time.ZoneOffset.UTC),
              r.actor(),
              r.action(),
              r.target(),
              r.details(),
              prev,
              h);
      prev = h;
      seq++;
    }
    store
        .jdbc()
        .update("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq - 1, prev);
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(3);
    assertThat(result.reason()).contains("record 3").contains("altered");
  }

  /**
   * Issue 12 item 5: the newest records removed and the head rewound to a record whose keyed hash
   * still checks is caught by the signed checkpoint outside the database.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void removing_the_newest_records_and_rewinding_the_head_is_caught_by_the_checkpoint(
      StoreFixture store) {
    AuditLog log = withRecords(store, 6);
    String hash4 =
        store.jdbc().queryForObject("SELECT hash FROM audit_log WHERE seq = 4", String.class);
    store.jdbc().update("DELETE FROM audit_log WHERE seq > 4");
    store.jdbc().update("UPDATE audit_head SET last_seq = 4, last_hash = ? WHERE id = 1", hash4);
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.firstBrokenSeq()).isEqualTo(5);
    assertThat(result.reason()).contains("signed checkpoint").contains("record 6");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_checkpoint_edited_by_hand_is_refused(StoreFixture store) throws Exception {
    Path home = Files.createTempDirectory("haechi-audit");
    AuditLog log = store.auditLog(home);
    log.append("alice", "user.changed", "user:bob", "");
    log.append("alice", "user.changed", "user:carol", "");
    Path cp = home.resolve("audit.checkpoint");
    Files.writeString(cp, Files.readString(cp).replace(" seq=2 ", " seq=1 "));
    var result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.reason()).contains("signature");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void the_key_and_checkpoint_live_outside_the_database_and_every_checkpoint_reaches_the_anchor(
      StoreFixture store) throws Exception {
    Path home = Files.createTempDirectory("haechi-audit");
    Path anchor = home.resolve("anchor.log");
    AuditLog log =
        new AuditLog(
            store.jdbc(),
            new org.springframework.jdbc.datasource.DataSourceTransactionManager(
                store.dataSource()),
            AuditSeal.open(home, java.util.Map.of(), anchor, true));
    log.append("alice", "user.changed", "user:bob", "");
    log.append("alice", "user.changed", "user:carol", "");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("audit.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(home.resolve("audit.checkpoint")))
        .contains("chain=" + log.chainId())
        .contains(" seq=2 ");
    assertThat(Files.readAllLines(anchor))
        .hasSize(3)
        .allMatch(l -> l.startsWith("haechi-audit-checkpoint v1 chain=" + log.chainId()));
    assertThat(log.verify().intact()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_server_without_the_chains_key_refuses_to_start(StoreFixture store) throws Exception {
    withRecords(store, 2);
    Path otherHome = Files.createTempDirectory("haechi-audit-other");
    assertThatThrownBy(() -> store.auditLog(otherHome))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sealed with a key this server does not have");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void a_chain_written_before_the_key_is_sealed_once_at_the_first_keyed_start(StoreFixture store)
      throws Exception {
    String prev = AuditChainVerifier.GENESIS;
    java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
    for (long seq = 1; seq <= 3; seq++) {
      String h =
          AuditRecord.legacyHashOf(prev, seq, at, "admin", "user.created", "user:u" + seq, "");
      store
          .jdbc()
          .update(
              "INSERT INTO audit_log (seq, occurred_at, actor, action, target, details, prev_hash,"
                  + " hash) VALUES (?, ?, 'admin', 'user.created', ?, '', ?, ?)",
              seq,
              java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC),
              "user:u" + seq,
              prev,
              h);
      prev = h;
    }
    store.jdbc().update("UPDATE audit_head SET last_seq = 3, last_hash = ? WHERE id = 1", prev);
    AuditLog log = store.auditLog(Files.createTempDirectory("haechi-audit"));
    log.append("admin", "user.created", "user:u4", "");
    var result = log.verify();
    assertThat(result.intact()).as(result.reason()).isTrue();
    assertThat(result.records()).isEqualTo(4);
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
