package dev.haechi.breach.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.hold.LegalHold;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeQuery.Selector;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {
  @TempDir Path tmp;

  static String event(String ts, String kid, String user, String ip, int status, String subjects) {
    String data =
        subjects == null
            ? ""
            : ",\"data\":{\"subject_ids\":["
                + subjects
                + "],\"categories\":[\"name\",\"address\"]}";
    return "{\"@timestamp\":\""
        + ts
        + "\",\"event\":{\"action\":\"address.list\"},\"user\":{\"id\":\""
        + user
        + "\"},\"source\":{\"ip\":\""
        + ip
        + "\"},\"http\":{\"response\":{\"status_code\":"
        + status
        + "}},\"token\":{\"kid\":\""
        + kid
        + "\",\"sub\":\""
        + user
        + "\"}"
        + data
        + "}";
  }

  private Path file(String name, String... lines) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return f;
  }

  private EventStore sample() throws IOException {
    EventStore s = EventStore.open(tmp.resolve("store"));
    Path f =
        file(
            "a.jsonl",
            event("2025-06-24T03:12:45.123Z", "auth-2022-01", "1", "203.0.113.9", 200, "\"1\""),
            event(
                "2025-06-24T23:59:59.999+00:00", "auth-2022-01", "2", "203.0.113.9", 200, "\"2\""),
            event("2025-06-25T08:00:00+09:00", "auth-2022-01", "3", "203.0.113.9", 200, "\"3\""),
            event("2025-06-25T10:00:00Z", "auth-2022-01", "9", "203.0.113.9", 404, null),
            event("2025-06-25T11:00:00Z", "auth-2025-01", "4", "198.51.100.1", 200, "\"4\""));
    s.importFiles(List.of(f));
    return s;
  }

  @Test
  void bad_lines_are_named_and_the_valid_lines_of_the_file_are_stored() throws IOException {
    EventStore s = EventStore.open(tmp.resolve("store"));
    Path f =
        file(
            "mixed.jsonl",
            event("2025-06-24T03:12:45Z", "k", "1", "1.2.3.4", 200, "\"1\""),
            "not json",
            "[1,2]",
            "{\"event\":{}}",
            "",
            "{\"@timestamp\":\"2025-06-24\"}",
            "{\"@timestamp\":\"2025-06-24T01:00:00Z\",\"data\":{\"subject_ids\":\"1\"}}",
            event("2025-06-24T04:00:00Z", "k", "2", "1.2.3.4", 200, "\"2\""));
    EventStore.ImportResult r = s.importFiles(List.of(f));
    assertThat(r.stored()).isEqualTo(2);
    assertThat(r.badLines())
        .extracting(Object::toString)
        .containsExactly(
            f
                + ":2: not valid JSON (Unrecognized token 'not': was expecting (JSON String, Number,"
                + " Array, Object or token 'null', 'true' or 'false'))",
            f + ":3: not a JSON object",
            f + ":4: @timestamp: missing",
            f + ":6: @timestamp: not an ISO-8601 date-time with offset: 2025-06-24",
            f + ":7: data.subject_ids: not an array");
    assertThat(s.state().events()).isEqualTo(2);
  }

  @Test
  void scope_counts_only_disclosed_subjects_in_a_half_open_window() throws IOException {
    EventStore s = sample();
    ScopeResult r =
        s.scope(
            ScopeQuery.of(
                Selector.KID,
                List.of("auth-2022-01"),
                Instant.parse("2025-06-24T03:12:45.123Z"),
                Instant.parse("2025-06-25T10:00:00Z")),
            true);
    assertThat(r.subjects()).isEqualTo(3);
    assertThat(r.requests()).isEqualTo(3);
    assertThat(r.categories()).containsEntry("name", 3L).containsEntry("address", 3L);
    // 2025-06-25T08:00+09:00 is 2025-06-24T23:00Z: UTC days
    assertThat(r.byDay()).containsExactly(java.util.Map.entry("2025-06-24", 3L));
    assertThat(r.firstAccess()).isEqualTo(Instant.parse("2025-06-24T03:12:45.123Z"));
    assertThat(r.lastAccess()).isEqualTo(Instant.parse("2025-06-24T23:59:59.999Z"));
    assertThat(r.subjectRows()).extracting(x -> x.subjectId()).containsExactly("1", "2", "3");
    assertThat(r.dataVersion()).isEqualTo(s.dataVersion()).hasSize(64);
    // the 404 at 10:00 is a request, never a victim
    ScopeResult all =
        s.scope(ScopeQuery.of(Selector.KID, List.of("auth-2022-01"), null, null), false);
    assertThat(all.requests()).isEqualTo(4);
    assertThat(all.subjects()).isEqualTo(3);
  }

  @Test
  void an_unknown_key_is_a_valid_query_with_zero_subjects_said_plainly() throws IOException {
    ScopeResult r = sample().scope(ScopeQuery.of(Selector.KID, List.of("nope"), null, null), false);
    assertThat(r.subjects()).isZero();
    assertThat(r.selectorSeen()).isFalse();
    assertThat(r.complete()).isTrue();
  }

  @Test
  void an_inverted_window_or_no_selector_is_refused_with_a_reason() {
    assertThatThrownBy(
            () ->
                ScopeQuery.of(
                    Selector.KID,
                    List.of("k"),
                    Instant.parse("2025-06-25T00:00:00Z"),
                    Instant.parse("2025-06-24T00:00:00Z")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("inverted");
    assertThatThrownBy(() -> ScopeQuery.of(Selector.KID, List.of(), null, null))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("no selector");
  }

  @Test
  void a_corrupt_partition_is_named_and_skipped_never_read_as_empty() throws IOException {
    EventStore s = sample();
    StoredFile victim =
        s.state().files().stream()
            .filter(f -> f.path().startsWith("day=2025-06-24"))
            .findFirst()
            .orElseThrow();
    Path p = s.dir().resolve(victim.path());
    byte[] b = Files.readAllBytes(p);
    b[b.length / 2] ^= 0x5a;
    b[0] = 'X';
    Files.write(p, b);
    ScopeResult r =
        s.scope(ScopeQuery.of(Selector.KID, List.of("auth-2022-01"), null, null), false);
    assertThat(r.complete()).isFalse();
    assertThat(r.errors()).singleElement().asString().contains(victim.path()).contains("skipped");
    assertThat(r.subjects()).isEqualTo(0); // the 24th is skipped; the 25th has only the 404
    assertThat(StoreVerifier.verify(s.dir()).problems())
        .singleElement()
        .asString()
        .contains(victim.path());
  }

  @Test
  void files_a_crashed_import_left_behind_are_never_read_and_are_removed() throws IOException {
    EventStore s = sample();
    long before = s.state().events();
    // a crash after the rename but before the manifest append leaves an uncommitted file
    Path orphan = s.dir().resolve("day=2025-06-24/crashed.parquet");
    Files.copy(s.dir().resolve(s.state().files().get(0).path()), orphan);
    Files.writeString(
        s.dir().resolve("_manifest.log"), "abc", java.nio.file.StandardOpenOption.APPEND);
    assertThat(s.state().events()).isEqualTo(before);
    s.importFiles(
        List.of(file("b.jsonl", event("2025-06-26T00:00:00Z", "k", "5", "1.1.1.1", 200, "\"5\""))));
    assertThat(orphan).doesNotExist();
    assertThat(s.state().events()).isEqualTo(before + 1);
    assertThat(StoreVerifier.verify(s.dir()).intact()).isTrue();
  }

  @Test
  void a_hold_refuses_deletion_by_anyone_and_by_retention_until_two_admins_release_it()
      throws IOException {
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    sample();
    EventStore s = EventStore.open(tmp.resolve("store"), clock);
    LegalHold h =
        s.placeHold(
            "case-1",
            "auth-2022-01",
            null,
            List.of(),
            Instant.parse("2025-06-24T00:00:00Z"),
            Instant.parse("2025-06-25T00:00:00Z"),
            "PIPA notice",
            "alice");
    LocalDate day = LocalDate.parse("2025-06-24");
    assertThatThrownBy(() -> s.deleteDays(List.of(day), "root"))
        .isInstanceOf(HoldRefusedException.class)
        .hasMessageContaining(h.id());
    s.setRetention(Duration.ofDays(30), "alice");
    EventStore.DeletionResult ret = s.applyRetention("retention");
    assertThat(ret.refused()).containsOnlyKeys(day);
    assertThat(ret.deleted()).containsExactly(LocalDate.parse("2025-06-25"));
    assertThat(s.state().days()).containsExactly(day);
    s.releaseHold(h.id(), "alice");
    assertThatThrownBy(() -> s.releaseHold(h.id(), "alice"))
        .hasMessageContaining("a second, different admin");
    assertThatThrownBy(() -> s.deleteDays(List.of(day), "root"))
        .isInstanceOf(HoldRefusedException.class);
    assertThat(s.releaseHold(h.id(), "bob").active()).isFalse();
    assertThat(s.deleteDays(List.of(day), "root").deleted()).containsExactly(day);
    // every refusal is a record of the chain
    long refusals =
        Manifest.read(s.dir()).entries().stream().filter(e -> e.op().equals("refused")).count();
    assertThat(refusals).isEqualTo(3);
    assertThat(StoreVerifier.verify(s.dir()).intact()).isTrue();
  }

  @Test
  void verify_names_an_altered_manifest_record() throws IOException {
    EventStore s = sample();
    s.placeHold("c", "auth-2022-01", null, List.of(), null, null, "r", "alice");
    Path m = s.dir().resolve("_manifest.log");
    String text = Files.readString(m).replace("\"by\":\"alice\"", "\"by\":\"mallory\"");
    Files.writeString(m, text);
    StoreVerifier.Result r = StoreVerifier.verify(s.dir());
    assertThat(r.intact()).isFalse();
    assertThat(r.firstBrokenSeq()).isEqualTo(2);
  }

  @Test
  void the_store_is_hive_partitioned_parquet_by_utc_day() throws IOException {
    EventStore s = sample();
    try (Stream<Path> days = Files.list(s.dir())) {
      assertThat(days.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("day=")))
          .containsExactlyInAnyOrder("day=2025-06-24", "day=2025-06-25");
    }
  }
}
