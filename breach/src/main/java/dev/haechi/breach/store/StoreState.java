package dev.haechi.breach.store;

import dev.haechi.breach.hold.LegalHold;
import dev.haechi.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** The store as its manifest describes it: live files, legal holds, retention, data version. */
public record StoreState(
    List<StoredFile> files,
    List<LegalHold> holds,
    Optional<Duration> retention,
    String dataVersion,
    long events) {

  static StoreState of(Manifest m) {
    Map<String, StoredFile> files = new LinkedHashMap<>();
    Map<String, LegalHold> holds = new LinkedHashMap<>();
    Duration retention = null;
    for (Manifest.Entry e : m.entries()) {
      JsonNode b = e.body();
      switch (e.op()) {
        case "add" -> {
          for (JsonNode f : b.path("files")) {
            StoredFile sf =
                new StoredFile(
                    f.path("path").asString(),
                    f.path("sha256").asString(),
                    f.path("bytes").asLong(),
                    f.path("rows").asLong(),
                    f.path("min_us").asLong(),
                    f.path("max_us").asLong());
            files.put(sf.path(), sf);
          }
        }
        case "delete" -> b.path("files").forEach(p -> files.remove(p.asString()));
        case "retention" -> retention = Durations.parse(b.path("retention").asString());
        case "hold" -> {
          List<String> ips = new ArrayList<>();
          b.path("source_ips").forEach(ip -> ips.add(ip.asString()));
          String id = b.path("id").asString();
          holds.put(
              id,
              new LegalHold(
                  id,
                  EventStore.text(b.get("case")),
                  EventStore.text(b.get("kid")),
                  EventStore.text(b.get("principal")),
                  ips,
                  instant(b.get("from")),
                  instant(b.get("to")),
                  EventStore.text(b.get("reason")),
                  EventStore.text(b.get("by")),
                  instant(b.get("at")),
                  List.of()));
        }
        case "release" -> {
          LegalHold h = holds.get(b.path("id").asString());
          if (h != null) {
            List<String> by = new ArrayList<>(h.releasedBy());
            by.add(b.path("by").asString());
            holds.put(
                h.id(),
                new LegalHold(
                    h.id(),
                    h.caseRef(),
                    h.kid(),
                    h.principal(),
                    h.sourceIps(),
                    h.from(),
                    h.to(),
                    h.reason(),
                    h.placedBy(),
                    h.placedAt(),
                    by));
          }
        }
        default -> {
          // "refused" records are evidence only
        }
      }
    }
    long events = files.values().stream().mapToLong(StoredFile::rows).sum();
    return new StoreState(
        List.copyOf(files.values()),
        List.copyOf(holds.values()),
        Optional.ofNullable(retention),
        m.head(),
        events);
  }

  private static Instant instant(JsonNode n) {
    String t = EventStore.text(n);
    return t == null ? null : Instant.parse(t);
  }

  public List<LegalHold> activeHolds() {
    return holds.stream().filter(LegalHold::active).toList();
  }

  /** The UTC days that have partitions. */
  public List<LocalDate> days() {
    TreeSet<LocalDate> d = new TreeSet<>();
    files.forEach(f -> d.add(f.day()));
    return List.copyOf(d);
  }

  /** Whether an active hold covers {@code day}. */
  public boolean held(LocalDate day) {
    return activeHolds().stream().anyMatch(h -> h.covers(day));
  }
}
