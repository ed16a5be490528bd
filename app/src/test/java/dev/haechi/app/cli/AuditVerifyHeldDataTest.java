package dev.haechi.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.app.cli.CommandLineTest.Outcome;
import dev.haechi.app.store.DatabaseTarget;
import dev.haechi.app.store.StoreFixture;
import dev.haechi.breach.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 5: held data carries a SHA-256 digest chain that {@code haechi audit verify} checks
 * — the event store's partitions (manifest chain) and the cases' evidence files (digests recorded
 * in the audit chain). Tampering with either makes verify exit 1 naming the file.
 */
class AuditVerifyHeldDataTest {
  @TempDir Path home;

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private EventStore heldStore() throws Exception {
    Path jsonl =
        Files.writeString(
            home.resolve("events.jsonl"),
            "{\"@timestamp\":\"2025-06-24T03:00:00Z\",\"token\":{\"kid\":\"auth-2022-01\"},"
                + "\"data\":{\"subject_ids\":[\"m1\"],\"categories\":[\"name\"]}}\n"
                + "{\"@timestamp\":\"2025-06-25T03:00:00Z\",\"token\":{\"kid\":\"auth-2025-01\"}}\n");
    EventStore s = EventStore.open(home.resolve("events"));
    s.importFiles(List.of(jsonl));
    s.placeHold(
        "case:1",
        "auth-2022-01",
        null,
        List.of(),
        Instant.parse("2025-06-24T00:00:00Z"),
        Instant.parse("2025-06-25T00:00:00Z"),
        "PIPA notice",
        "alice");
    return s;
  }

  @Test
  void tampering_with_a_held_partition_fails_verify_naming_the_file() throws Exception {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    store.auditLog(home).append("admin", "breach.hold.place", "hold", "case:1");
    EventStore s = heldStore();
    Outcome ok =
        CommandLineTest.run("audit", "verify", "--home", home.toString(), "--format", "table");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("(1 under legal hold)");

    String held =
        s.state().files().stream()
            .filter(f -> f.path().startsWith("day=2025-06-24"))
            .findFirst()
            .orElseThrow()
            .path();
    Path p = s.dir().resolve(held);
    byte[] b = Files.readAllBytes(p);
    b[b.length / 2] ^= 0x01;
    Files.write(p, b);
    Outcome broken =
        CommandLineTest.run("audit", "verify", "--home", home.toString(), "--format", "table");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.out())
        .contains(held + ": SHA-256 differs from the committed digest (under legal hold)");
  }

  @Test
  void tampering_with_held_evidence_fails_verify_naming_the_file() throws Exception {
    StoreFixture store = StoreFixture.migrated(DatabaseTarget.embedded(home));
    var log = store.auditLog(home);
    heldStore();
    byte[] content = "gateway export 2025-06-24\n".getBytes(StandardCharsets.UTF_8);
    Path dir = Files.createDirectories(home.resolve("evidence/case-1"));
    Files.write(dir.resolve("gateway.log"), content);
    log.append("analyst", "breach.evidence.add", "case:1/gateway.log", "sha256=" + sha256(content));
    byte[] gone = "deleted before the hold\n".getBytes(StandardCharsets.UTF_8);
    log.append("analyst", "breach.evidence.add", "case:1/old.txt", "sha256=" + sha256(gone));
    log.append("analyst", "breach.evidence.delete", "case:1/old.txt", "deleted");

    Outcome ok =
        CommandLineTest.run("audit", "verify", "--home", home.toString(), "--format", "table");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("evidence files intact: 1 files (1 of cases under legal hold)");

    Files.writeString(dir.resolve("gateway.log"), "gateway export (edited)\n");
    Files.writeString(dir.resolve("planted.txt"), "x");
    Outcome broken =
        CommandLineTest.run("audit", "verify", "--home", home.toString(), "--format", "json");
    assertThat(broken.code()).isEqualTo(1);
    assertThat(broken.out())
        .contains("evidence/case-1/gateway.log: SHA-256 differs from the digest in audit record")
        .contains("(case under legal hold)")
        .contains("evidence/case-1/planted.txt: not recorded in the audit chain");

    Files.delete(dir.resolve("gateway.log"));
    Outcome missing = CommandLineTest.run("audit", "verify", "--home", home.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.out()).contains("evidence/case-1/gateway.log: missing");
  }
}
