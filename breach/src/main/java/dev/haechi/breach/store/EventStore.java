package dev.haechi.breach.store;

import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.event.AccessEventReader;
import dev.haechi.breach.event.AccessEventReader.BadLine;
import dev.haechi.breach.event.ByteAccessEventReader;
import dev.haechi.breach.event.EventColumns;
import dev.haechi.breach.event.FastAccessEventReader;
import dev.haechi.breach.hold.HoldRefusedException;
import dev.haechi.breach.hold.LegalHold;
import dev.haechi.breach.scope.ScopeQuery;
import dev.haechi.breach.scope.ScopeResult;
import dev.haechi.core.Durations;
import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The access-event store: append-only, zstd-compressed Parquet files partitioned by UTC day ({@code
 * day=YYYY-MM-DD/}, Hive layout, so Trino or Spark read the directory as a table), written and
 * scanned by an embedded DuckDB. The commit log {@link Manifest} names every live file with its
 * SHA-256; a batch exists only once its record is appended, and files a crash left behind are
 * removed on the next write, so a reader never sees a half-written partition.
 *
 * <p>Design notes: rows are sorted by {@code (kid, ts)} within each file so that Parquet row-group
 * statistics let a key-and-window scoping skip almost everything; the window prunes whole files by
 * their recorded time range before DuckDB opens them. Writers take an exclusive file lock on {@code
 * _lock}, so the CLI and a server may share a store.
 */
@SuppressWarnings("try") // the write lock is held by the try block, not referenced in it
public final class EventStore {
  /** Rows staged in DuckDB before they are written as one chunk of Parquet files. */
  static final int CHUNK_ROWS = 2_000_000;

  /** File locks are per process; this orders writers inside one process. */
  private static final java.util.concurrent.locks.ReentrantLock JVM_LOCK =
      new java.util.concurrent.locks.ReentrantLock();

  private final Path dir;
  private final Clock clock;

  private EventStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static EventStore open(Path dir) {
    return open(dir, Clock.systemUTC());
  }

  public static EventStore open(Path dir, Clock clock) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new InputException(
          dir.toString(), 0, "cannot create the event store: " + e.getMessage());
    }
    if (!Files.isDirectory(dir)) {
      throw new InputException(dir.toString(), 0, "not a directory");
    }
    return new EventStore(dir, clock);
  }

  public Path dir() {
    return dir;
  }

  /** What an import stored and what it refused. */
  public record ImportResult(long stored, List<BadLine> badLines, String dataVersion, int files) {}

  /**
   * Imports JSON Lines files: every valid line is stored, every bad line is returned as {@code
   * FILE:LINE: reason}. All the files' events are committed as one batch, or none of them.
   */
  public ImportResult importFiles(List<Path> files) throws IOException {
    return importFiles(files, false);
  }

  /**
   * As {@link #importFiles(List)}; {@code reference} takes the reference path instead of the fast
   * one, for comparison: the {@link AccessEventReader} (one thread, JSON trees) and the JDBC
   * appender staging, where the fast path parses bytes on every core with {@link
   * ByteAccessEventReader} and writes Parquet with {@link ParquetFileWriter} ({@code
   * -Dhaechi.store.parser=jackson} takes the previous {@link FastAccessEventReader} instead).
   */
  public ImportResult importFiles(List<Path> files, boolean reference) throws IOException {
    return importFiles(files, reference, new EventColumns.Dictionaries(), read -> {});
  }

  /**
   * As {@link #importFiles(List)}, telling {@code progress} the bytes read so far (of all the
   * files) after each block of lines.
   */
  public ImportResult importFiles(List<Path> files, LongConsumer progress) throws IOException {
    return importFiles(files, false, new EventColumns.Dictionaries(), progress);
  }

  /** As {@link #importFiles(List, boolean)} with given dictionaries (tests give tiny ones). */
  ImportResult importFiles(
      List<Path> files, boolean reference, EventColumns.Dictionaries dicts, LongConsumer progress)
      throws IOException {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new InputException(f.toString(), 0, "no such file");
      }
    }
    List<BadLine> bad = new ArrayList<>();
    try (WriteLock lock = lock();
        ParquetBatch batch =
            new ParquetBatch(
                dir,
                UUID.randomUUID().toString(),
                reference ? ParquetBatch.Staging.APPENDER : defaultStaging(),
                ParquetBatch.JAVA_CHUNK_ROWS,
                dicts)) {
      long done = 0;
      for (Path f : files) {
        if (reference) {
          AccessEventReader.read(f, batch::add, bad);
        } else if ("jackson".equals(System.getProperty("haechi.store.parser"))) {
          FastAccessEventReader.read(f, batch::add, bad); // the previous fast path, to compare
        } else {
          long before = done;
          ByteAccessEventReader.readColumns(
              f,
              batch.dictionaries(),
              batch::addColumns,
              bad,
              read -> progress.accept(before + read));
        }
        done += Files.size(f);
      }
      List<String> sources = files.stream().map(Path::toString).toList();
      return commit(batch, sources, bad);
    }
  }

  /**
   * The import's writer: the store's own Parquet writer, or with {@code
   * -Dhaechi.store.writer=duckdb} the previous one (tab-separated staging, DuckDB's {@code COPY}),
   * kept so that benchmarks compare them in one build.
   */
  static ParquetBatch.Staging defaultStaging() {
    return "duckdb".equals(System.getProperty("haechi.store.writer"))
        ? ParquetBatch.Staging.CSV
        : ParquetBatch.Staging.JAVA;
  }

  /** Imports events already parsed (the server's {@code POST /api/v1/events}) as one batch. */
  public ImportResult importEvents(Iterable<AccessEvent> events, String source) throws IOException {
    return importEvents(events, List.of(source));
  }

  /**
   * As {@link #importEvents(Iterable, String)}, naming several sources in the batch's manifest
   * record (the server's Kafka ingest names the partitions and offset ranges it stores, so that a
   * batch read again after a crash is not stored twice: {@link #batchSources()}).
   */
  public ImportResult importEvents(Iterable<AccessEvent> events, List<String> sources)
      throws IOException {
    try (WriteLock lock = lock();
        ParquetBatch batch =
            new ParquetBatch(dir, UUID.randomUUID().toString(), defaultStaging())) {
      for (AccessEvent e : events) {
        batch.add(e);
      }
      return commit(batch, List.copyOf(sources), List.of());
    }
  }

  /** As {@link #importEvents(Iterable, String)} through a given writer (tests compare them). */
  ImportResult importEvents(
      Iterable<AccessEvent> events, String source, ParquetBatch.Staging staging, int chunkRows)
      throws IOException {
    return importEvents(events, source, staging, chunkRows, new EventColumns.Dictionaries());
  }

  /** As above with given dictionaries (tests give tiny ones). */
  ImportResult importEvents(
      Iterable<AccessEvent> events,
      String source,
      ParquetBatch.Staging staging,
      int chunkRows,
      EventColumns.Dictionaries dicts)
      throws IOException {
    try (WriteLock lock = lock();
        ParquetBatch batch =
            new ParquetBatch(dir, UUID.randomUUID().toString(), staging, chunkRows, dicts)) {
      for (AccessEvent e : events) {
        batch.add(e);
      }
      return commit(batch, List.of(source), List.of());
    }
  }

  /** The sources every committed batch named, oldest batch first. */
  public List<List<String>> batchSources() throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (Manifest.Entry e : Manifest.read(dir).entries()) {
      if ("add".equals(e.op())) {
        List<String> s = new ArrayList<>();
        e.body().path("sources").forEach(n -> s.add(n.asString()));
        out.add(s);
      }
    }
    return out;
  }

  /**
   * Stores the rows of a DuckDB {@code SELECT} that yields the store's staging columns ({@code us
   * BIGINT} microseconds, then action … categories as in {@code ParquetBatch.COLUMNS}) as one
   * batch, through the same sorted, partitioned writer and commit as an import. For benchmarks and
   * generated test stores: the rows are not validated as JSON Lines are.
   */
  public ImportResult importGenerated(String select, long count, String source) throws IOException {
    return importGenerated(select, count, source, false);
  }

  /**
   * As {@link #importGenerated(String, long, String)}; {@code ordered} says the rows already come
   * by key then time (one key per call, time rising), so the writer skips its sort. For generating
   * large benchmark stores on a shared machine; a wrong claim costs pruning, not correctness.
   */
  public ImportResult importGenerated(String select, long count, String source, boolean ordered)
      throws IOException {
    try (WriteLock lock = lock();
        ParquetBatch batch = new ParquetBatch(dir, UUID.randomUUID().toString())) {
      batch.addSelect(select, count, ordered);
      return commit(batch, List.of(source), List.of());
    }
  }

  private ImportResult commit(ParquetBatch batch, List<String> sources, List<BadLine> bad)
      throws IOException {
    List<StoredFile> written = batch.finish();
    if (batch.rows() == 0) {
      return new ImportResult(0, bad, Manifest.read(dir).head(), 0);
    }
    Manifest m = Manifest.read(dir);
    ObjectNode body = Manifest.body("add");
    body.put("batch", batch.id());
    body.put("at", clock.instant().toString());
    ArrayNode src = body.putArray("sources");
    sources.forEach(src::add);
    body.put("events", batch.rows());
    body.put("bad_lines", bad.size());
    ArrayNode fs = body.putArray("files");
    for (StoredFile f : written) {
      ObjectNode n = fs.addObject();
      n.put("path", f.path());
      n.put("sha256", f.sha256());
      n.put("bytes", f.bytes());
      n.put("rows", f.rows());
      n.put("min_us", f.minMicros());
      n.put("max_us", f.maxMicros());
    }
    Manifest.Entry e = m.append(body);
    return new ImportResult(batch.rows(), bad, e.hash(), written.size());
  }

  /** The state the manifest describes: live files, holds, retention. */
  public StoreState state() {
    try {
      return StoreState.of(Manifest.read(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The data version: the manifest's head hash. */
  public String dataVersion() {
    return state().dataVersion();
  }

  /** Answers a scoping (FORMATS.md §5) over the committed files. */
  public ScopeResult scope(ScopeQuery q, boolean withSubjects) {
    StoreState s = state();
    try {
      return new ScopeSql(dir, s).scope(q, withSubjects);
    } catch (SQLException e) {
      throw new IllegalStateException("scoping query failed: " + e.getMessage(), e);
    }
  }

  // ---- retention, deletion and legal hold -------------------------------------------------

  /** Sets how long this store keeps events (measured from each partition's UTC day). */
  public void setRetention(Duration retention, String by) throws IOException {
    try (WriteLock lock = lock()) {
      ObjectNode body = Manifest.body("retention");
      body.put("at", clock.instant().toString());
      body.put("by", by);
      body.put("retention", Durations.format(retention));
      Manifest.read(dir).append(body);
    }
  }

  /** What a deletion did: the days removed and the days a hold kept, with the refusing holds. */
  public record DeletionResult(List<LocalDate> deleted, Map<LocalDate, List<String>> refused) {}

  /**
   * Deletes the partitions older than the store's retention, except those a legal hold covers; each
   * refusal is recorded in the chain.
   */
  public DeletionResult applyRetention(String by) throws IOException {
    StoreState s = state();
    if (s.retention().isEmpty()) {
      return new DeletionResult(List.of(), Map.of());
    }
    LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate keepFrom = today.minusDays(s.retention().get().toDays());
    List<LocalDate> old = s.days().stream().filter(d -> d.isBefore(keepFrom)).toList();
    return delete(old, by, "retention " + Durations.format(s.retention().get()), false);
  }

  /**
   * A user's request to delete whole days. Refused (and recorded) when a legal hold covers any of
   * them: nothing is deleted then.
   *
   * @throws HoldRefusedException naming the days and holds
   */
  public DeletionResult deleteDays(List<LocalDate> days, String by) throws IOException {
    return delete(days, by, "requested by " + by, true);
  }

  private DeletionResult delete(List<LocalDate> days, String by, String reason, boolean all)
      throws IOException {
    try (WriteLock lock = lock()) {
      Manifest m = Manifest.read(dir);
      StoreState s = StoreState.of(m);
      Map<LocalDate, List<String>> refused = new LinkedHashMap<>();
      for (LocalDate d : days) {
        List<String> holds =
            s.activeHolds().stream().filter(h -> h.covers(d)).map(LegalHold::id).toList();
        if (!holds.isEmpty()) {
          refused.put(d, holds);
        }
      }
      String at = clock.instant().toString();
      for (Map.Entry<LocalDate, List<String>> r : refused.entrySet()) {
        ObjectNode body = Manifest.body("refused");
        body.put("at", at);
        body.put("by", by);
        body.put("day", r.getKey().toString());
        body.put("reason", reason);
        ArrayNode hs = body.putArray("holds");
        r.getValue().forEach(hs::add);
        m.append(body);
      }
      if (all && !refused.isEmpty()) {
        throw new HoldRefusedException(
            "deletion refused: legal hold "
                + String.join(", ", refused.values().iterator().next())
                + " covers "
                + refused.keySet()
                + "; a hold ends only when two different admins release it");
      }
      List<LocalDate> deleted = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (LocalDate d : days) {
        if (refused.containsKey(d)) {
          continue;
        }
        List<StoredFile> files = s.files().stream().filter(f -> f.day().equals(d)).toList();
        if (files.isEmpty()) {
          continue;
        }
        deleted.add(d);
        files.forEach(f -> paths.add(f.path()));
      }
      if (!paths.isEmpty()) {
        ObjectNode body = Manifest.body("delete");
        body.put("at", at);
        body.put("by", by);
        body.put("reason", reason);
        ArrayNode ps = body.putArray("files");
        paths.forEach(ps::add);
        m.append(body); // the commit: the files are gone from the store from here on
        for (String p : paths) {
          Files.deleteIfExists(dir.resolve(p));
        }
        for (LocalDate d : deleted) {
          deleteIfEmpty(dir.resolve("day=" + d));
        }
      }
      return new DeletionResult(deleted, refused);
    }
  }

  /** Places a legal hold; returns it with its new ID. */
  public LegalHold placeHold(
      String caseRef,
      String kid,
      String principal,
      List<String> sourceIps,
      Instant from,
      Instant to,
      String reason,
      String by)
      throws IOException {
    if (kid == null && principal == null && sourceIps.isEmpty() && from == null && to == null) {
      throw new InputException("hold", 0, "a hold needs a key, a principal, addresses or a range");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new InputException("hold", 0, "inverted range: from " + from + " is not before " + to);
    }
    try (WriteLock lock = lock()) {
      ObjectNode body = Manifest.body("hold");
      String id = "hold-" + UUID.randomUUID().toString().substring(0, 8);
      body.put("id", id);
      body.put("at", clock.instant().toString());
      body.put("by", by);
      body.put("case", caseRef);
      body.put("kid", kid);
      body.put("principal", principal);
      ArrayNode ips = body.putArray("source_ips");
      sourceIps.forEach(ips::add);
      body.put("from", from == null ? null : from.toString());
      body.put("to", to == null ? null : to.toString());
      body.put("reason", reason);
      Manifest.read(dir).append(body);
      return state().holds().stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow();
    }
  }

  /**
   * Records one admin's release of a hold. The hold ends with the second release by a different
   * admin; a second release by the same admin is refused.
   */
  public LegalHold releaseHold(String id, String by) throws IOException {
    try (WriteLock lock = lock()) {
      Manifest m = Manifest.read(dir);
      Optional<LegalHold> h =
          StoreState.of(m).holds().stream().filter(x -> x.id().equals(id)).findFirst();
      if (h.isEmpty()) {
        throw new InputException("hold", 0, "no such hold: " + id);
      }
      if (!h.get().active()) {
        throw new InputException("hold", 0, id + " is already released");
      }
      if (h.get().releasedBy().contains(by)) {
        throw new InputException(
            "hold",
            0,
            id + ": " + by + " has already released it; a second, different admin must release");
      }
      ObjectNode body = Manifest.body("release");
      body.put("id", id);
      body.put("at", clock.instant().toString());
      body.put("by", by);
      m.append(body);
      return StoreState.of(m).holds().stream()
          .filter(x -> x.id().equals(id))
          .findFirst()
          .orElseThrow();
    }
  }

  // ---- locking and crash recovery -------------------------------------------------------------

  private WriteLock lock() throws IOException {
    FileChannel ch =
        FileChannel.open(dir.resolve("_lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    JVM_LOCK.lock();
    WriteLock w;
    try {
      w = new WriteLock(ch, ch.lock());
    } catch (IOException | RuntimeException e) {
      JVM_LOCK.unlock();
      ch.close();
      throw e;
    }
    try {
      recover();
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
    return w;
  }

  /** Removes what a crashed writer left: a torn manifest line, staging dirs, uncommitted files. */
  private void recover() throws IOException {
    Manifest.repairTornTail(dir);
    Path tmp = dir.resolve(ParquetBatch.TMP);
    if (Files.exists(tmp)) {
      deleteTree(tmp);
    }
    StoreState s = StoreState.of(Manifest.read(dir));
    java.util.Set<String> live = new java.util.HashSet<>();
    s.files().forEach(f -> live.add(f.path()));
    try (Stream<Path> days = Files.list(dir)) {
      for (Path d : days.filter(p -> p.getFileName().toString().startsWith("day=")).toList()) {
        try (Stream<Path> files = Files.list(d)) {
          for (Path f : files.toList()) {
            String rel = d.getFileName() + "/" + f.getFileName();
            if (!live.contains(rel)) {
              Files.delete(f);
            }
          }
        }
        deleteIfEmpty(d);
      }
    }
  }

  private static void deleteIfEmpty(Path d) throws IOException {
    if (Files.isDirectory(d)) {
      try (Stream<Path> s = Files.list(d)) {
        if (s.findAny().isEmpty()) {
          Files.delete(d);
        }
      }
    }
  }

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static void move(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Holds the exclusive write lock until closed. */
  private record WriteLock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
        channel.close();
      } finally {
        JVM_LOCK.unlock();
      }
    }
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asString();
  }
}
