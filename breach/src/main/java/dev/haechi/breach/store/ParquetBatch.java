package dev.haechi.breach.store;

import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.event.EventColumns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * One import in the making: events are collected and written, chunk by chunk, as zstd Parquet
 * partitioned by UTC day into {@code _tmp/BATCH/}. By default ({@link Staging#JAVA}) the parsed
 * blocks of columns ({@link EventColumns}) are appended to a chunk of at most {@link
 * #JAVA_CHUNK_ROWS} rows, which a second thread orders ({@link ChunkOrder}) and writes with {@link
 * ParquetFileWriter}, one day file per core at a time, while the next chunk is collected; no DuckDB
 * session is opened (the writer counts, times and digests what it writes). The other stagings, kept
 * to compare, go through DuckDB's {@code COPY}: tab-separated text, compact JSON Lines, or {@link
 * Staging#APPENDER} (the reference) value by value through the JDBC appender. {@link #finish()}
 * moves the files into their partitions (atomic renames) and returns them; they are part of the
 * store only once the caller appends them to the manifest.
 */
final class ParquetBatch implements AutoCloseable {
  static final String TMP = "_tmp";
  static final String COLUMNS =
      "us BIGINT, action VARCHAR, outcome VARCHAR, service VARCHAR, user_id VARCHAR,"
          + " source_ip VARCHAR, country VARCHAR, method VARCHAR, path VARCHAR, status BIGINT,"
          + " kid VARCHAR, sub VARCHAR, iss VARCHAR, iat BIGINT, exp BIGINT,"
          + " subject_ids VARCHAR[], categories VARCHAR[]";

  /** How rows reach DuckDB before they are written as Parquet. */
  enum Staging {
    /**
     * No DuckDB in the write: events are held (at most {@link #JAVA_CHUNK_ROWS}), grouped by UTC
     * day, ordered by key then time, and written by {@link ParquetFileWriter} (the default).
     */
    JAVA,
    /** Tab-separated text read by DuckDB's CSV reader, DuckDB's Parquet writer (the previous). */
    CSV,
    /**
     * Compact JSON Lines read by DuckDB's JSON reader (the previous fast path, kept to compare).
     */
    JSON,
    /** Value by value through the JDBC appender (the reference). */
    APPENDER
  }

  private static final tools.jackson.core.json.JsonFactory JSON =
      new tools.jackson.core.json.JsonFactory();
  static final String JSON_COLUMNS =
      "{us: 'BIGINT', action: 'VARCHAR', outcome: 'VARCHAR', service: 'VARCHAR',"
          + " user_id: 'VARCHAR', source_ip: 'VARCHAR', country: 'VARCHAR', method: 'VARCHAR',"
          + " path: 'VARCHAR', status: 'BIGINT', kid: 'VARCHAR', sub: 'VARCHAR', iss: 'VARCHAR',"
          + " iat: 'BIGINT', exp: 'BIGINT', subject_ids: 'VARCHAR[]', categories: 'VARCHAR[]'}";

  static final String CSV_COLUMNS =
      "{us: 'BIGINT', action: 'VARCHAR', outcome: 'VARCHAR', service: 'VARCHAR',"
          + " user_id: 'VARCHAR', source_ip: 'VARCHAR', country: 'VARCHAR', method: 'VARCHAR',"
          + " path: 'VARCHAR', status: 'BIGINT', kid: 'VARCHAR', sub: 'VARCHAR', iss: 'VARCHAR',"
          + " iat: 'BIGINT', exp: 'BIGINT', subject_ids: 'VARCHAR', categories: 'VARCHAR'}";

  /** {@code -Dhaechi.store.timing=true} prints each chunk's COPY time (for profiling). */
  private static final boolean TIMING = Boolean.getBoolean("haechi.store.timing");

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private final Staging staging;

  /** {@link Staging#JAVA}: rows held before they are written (bounds the heap the import needs). */
  static final int JAVA_CHUNK_ROWS = Integer.getInteger("haechi.store.chunk-rows", 500_000);

  private final int javaChunkRows;

  /** {@link Staging#JAVA}: the import's dictionaries, shared with the parsing threads. */
  private final EventColumns.Dictionaries dicts;

  /** {@link Staging#JAVA}: the rows of the chunk being collected. */
  private EventColumns held;

  /** A chunk's columns the writer is done with, reused for the next chunk. */
  private final java.util.concurrent.atomic.AtomicReference<EventColumns> spare =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** {@link Staging#JAVA}: what the writer wrote, by path (read back by nobody: it knows). */
  private final java.util.Map<Path, ParquetFileWriter.Written> javaWritten =
      new java.util.concurrent.ConcurrentHashMap<>();

  private tools.jackson.core.JsonGenerator gen;
  private java.io.Writer csv;
  private final StringBuilder line = new StringBuilder(1024);
  private Path stageFile;
  private final Path store;
  private final String id;
  private final Path tmp;
  private Connection conn;
  private DuckDBAppender appender;
  private long rows;
  private boolean selected;
  private int staged;
  private int chunks;

  ParquetBatch(Path store, String id) throws IOException {
    this(store, id, Staging.JAVA);
  }

  ParquetBatch(Path store, String id, Staging staging) throws IOException {
    this(store, id, staging, JAVA_CHUNK_ROWS);
  }

  ParquetBatch(Path store, String id, Staging staging, int javaChunkRows) throws IOException {
    this(store, id, staging, javaChunkRows, new EventColumns.Dictionaries());
  }

  /** With given dictionaries (tests give tiny ones, so that values overflow into the rows). */
  ParquetBatch(
      Path store, String id, Staging staging, int javaChunkRows, EventColumns.Dictionaries dicts)
      throws IOException {
    this.staging = staging;
    this.dicts = dicts;
    this.javaChunkRows = Math.max(1, javaChunkRows);
    this.store = store;
    this.id = id;
    this.tmp = store.resolve(TMP).resolve(id);
    Files.createDirectories(tmp);
    if (staging != Staging.JAVA) {
      conn();
    }
    if (staging == Staging.APPENDER) {
      try {
        this.appender = newAppender();
      } catch (SQLException e) {
        throw new IOException("cannot start the columnar writer: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The batch's DuckDB session, opened on first use: {@link Staging#JAVA} needs none unless rows
   * come from a {@code SELECT} (opening it costs ≈ 0.9 s of CPU, the native library's load).
   */
  private Connection conn() throws IOException {
    if (conn == null) {
      try {
        conn = Duck.open(tmp.resolve("spill"));
        try (Statement s = conn.createStatement()) {
          s.execute("CREATE TABLE ev (" + COLUMNS + ")");
        }
      } catch (SQLException e) {
        throw new IOException("cannot start the columnar writer: " + e.getMessage(), e);
      }
    }
    return conn;
  }

  /** The dictionaries the parsing threads intern into ({@link #addColumns}). */
  EventColumns.Dictionaries dictionaries() {
    return dicts;
  }

  private void addJson(AccessEvent e) throws IOException {
    if (gen == null) {
      stageFile = tmp.resolve("stage-" + chunks + ".jsonl");
      gen =
          JSON.createGenerator(
              tools.jackson.core.ObjectWriteContext.empty(),
              new java.io.BufferedOutputStream(Files.newOutputStream(stageFile), 1 << 16));
    }
    tools.jackson.core.JsonGenerator g = gen;
    g.writeStartObject();
    g.writeNumberProperty("us", e.micros());
    g.writeStringProperty("action", e.action());
    g.writeStringProperty("outcome", e.outcome());
    g.writeStringProperty("service", e.service());
    g.writeStringProperty("user_id", e.userId());
    g.writeStringProperty("source_ip", e.sourceIp());
    g.writeStringProperty("country", e.country());
    g.writeStringProperty("method", e.method());
    g.writeStringProperty("path", e.path());
    number(g, "status", e.status());
    g.writeStringProperty("kid", e.kid());
    g.writeStringProperty("sub", e.sub());
    g.writeStringProperty("iss", e.iss());
    number(g, "iat", e.iat());
    number(g, "exp", e.exp());
    g.writeName("subject_ids");
    g.writeStartArray();
    for (String x : e.subjectIds()) {
      g.writeString(x);
    }
    g.writeEndArray();
    g.writeName("categories");
    g.writeStartArray();
    for (String x : e.categories()) {
      g.writeString(x);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeRaw('\n');
  }

  /**
   * One row of tab-separated text: {@code \N} is null; a value that is empty, is {@code \N} or
   * holds a tab, line break or quote is quoted with {@code "} (inner quotes doubled); lists are
   * JSON arrays, read back with {@code from_json}. So every string survives, whatever it contains.
   */
  private void addCsv(AccessEvent e) throws IOException {
    if (csv == null) {
      stageFile = tmp.resolve("stage-" + chunks + ".tsv");
      csv =
          new java.io.BufferedWriter(
              new java.io.OutputStreamWriter(
                  Files.newOutputStream(stageFile), java.nio.charset.StandardCharsets.UTF_8),
              1 << 16);
    }
    StringBuilder b = line;
    b.setLength(0);
    b.append(e.micros()).append('\t');
    field(b, e.action());
    field(b, e.outcome());
    field(b, e.service());
    field(b, e.userId());
    field(b, e.sourceIp());
    field(b, e.country());
    field(b, e.method());
    field(b, e.path());
    field(b, e.status());
    field(b, e.kid());
    field(b, e.sub());
    field(b, e.iss());
    field(b, e.iat());
    field(b, e.exp());
    list(b, e.subjectIds());
    b.append('\t');
    list(b, e.categories());
    b.append('\n');
    csv.append(b);
  }

  private static void field(StringBuilder b, Long n) {
    if (n == null) {
      b.append("\\N");
    } else {
      b.append(n.longValue());
    }
    b.append('\t');
  }

  private static void field(StringBuilder b, String s) {
    if (s == null) {
      b.append("\\N");
    } else if (plain(s)) {
      b.append(s);
    } else {
      quoted(b, s);
    }
    b.append('\t');
  }

  /** True when the value can go unquoted: not empty, not {@code \N}, no tab, break or quote. */
  private static boolean plain(String s) {
    int n = s.length();
    if (n == 0 || (n == 2 && s.charAt(0) == '\\' && s.charAt(1) == 'N')) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r' || c == '"') {
        return false;
      }
    }
    return true;
  }

  private static void quoted(StringBuilder b, CharSequence s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        b.append('"');
      }
      b.append(c);
    }
    b.append('"');
  }

  /** A list as a JSON array of strings, quoted for the tab-separated row. */
  private static void list(StringBuilder b, List<String> xs) {
    if (xs.isEmpty()) {
      b.append("[]");
      return;
    }
    b.append("\"[");
    for (int k = 0; k < xs.size(); k++) {
      if (k > 0) {
        b.append(',');
      }
      b.append("\"\"");
      String s = xs.get(k);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"') {
          b.append("\\\"\"");
        } else if (c == '\\') {
          b.append("\\\\");
        } else if (c < 0x20) {
          b.append(String.format("\\u%04x", (int) c));
        } else {
          b.append(c);
        }
      }
      b.append("\"\"");
    }
    b.append("]\"");
  }

  private static void number(tools.jackson.core.JsonGenerator g, String name, Long n) {
    if (n == null) {
      g.writeNullProperty(name);
    } else {
      g.writeNumberProperty(name, n.longValue());
    }
  }

  String id() {
    return id;
  }

  long rows() {
    return rows;
  }

  private DuckDBAppender newAppender() throws SQLException {
    try {
      conn();
    } catch (IOException e) {
      throw new SQLException(e.getMessage(), e);
    }
    return ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "ev");
  }

  void add(AccessEvent e) {
    if (staging == Staging.JAVA) {
      held().add(e);
      rows++;
      staged++;
      if (held.rows() >= javaChunkRows) {
        try {
          writeChunk();
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
      return;
    }
    if (staging == Staging.CSV) {
      try {
        addCsv(e);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    } else if (staging == Staging.JSON) {
      try {
        addJson(e);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    } else {
      append(e);
    }
    rows++;
    if (++staged >= EventStore.CHUNK_ROWS) {
      try {
        writeChunk();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
  }

  private EventColumns held() {
    if (held == null) {
      EventColumns s = spare.getAndSet(null);
      held = s != null ? s : new EventColumns(dicts, Math.min(javaChunkRows, 1 << 14));
    }
    return held;
  }

  /**
   * {@link Staging#JAVA}: adds the rows of a parsed block (its ids from {@link #dictionaries()}),
   * split across chunks where a chunk fills.
   */
  void addColumns(EventColumns block) {
    if (staging != Staging.JAVA) {
      for (int i = 0; i < block.rows(); i++) {
        add(block.event(i));
      }
      return;
    }
    int from = 0;
    while (from < block.rows()) {
      EventColumns h = held();
      int take = Math.min(block.rows() - from, javaChunkRows - h.rows());
      h.append(block, from, from + take);
      from += take;
      rows += take;
      staged += take;
      if (h.rows() >= javaChunkRows) {
        try {
          writeChunk();
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
    }
  }

  private void append(AccessEvent e) {
    try {
      DuckDBAppender a = appender;
      a.beginRow();
      a.append(e.micros());
      str(a, e.action());
      str(a, e.outcome());
      str(a, e.service());
      str(a, e.userId());
      str(a, e.sourceIp());
      str(a, e.country());
      str(a, e.method());
      str(a, e.path());
      num(a, e.status());
      str(a, e.kid());
      str(a, e.sub());
      str(a, e.iss());
      num(a, e.iat());
      num(a, e.exp());
      a.append(e.subjectIds());
      a.append(e.categories());
      a.endRow();
    } catch (SQLException ex) {
      throw new IllegalStateException("columnar writer failed: " + ex.getMessage(), ex);
    }
  }

  private static void str(DuckDBAppender a, String s) throws SQLException {
    if (s == null) {
      a.appendNull();
    } else {
      a.append(s);
    }
  }

  private static void num(DuckDBAppender a, Long n) throws SQLException {
    if (n == null) {
      a.appendNull();
    } else {
      a.append(n.longValue());
    }
  }

  /**
   * Writes the rows of a DuckDB {@code SELECT} giving the staging columns ({@link #COLUMNS}) as one
   * chunk, through the same sorted, partitioned zstd {@code COPY} as staged events (benchmarks
   * generate large stores this way).
   */
  void addSelect(String select, long count) throws IOException {
    addSelect(select, count, false);
  }

  /**
   * As {@link #addSelect(String, long)}; {@code ordered} says the {@code SELECT} already yields its
   * rows by {@code (kid, us)} (one key, time rising), so the sort is skipped and DuckDB's insertion
   * order is kept. Only generated benchmark stores use it: a wrong claim costs pruning, never a
   * wrong answer.
   */
  void addSelect(String select, long count, boolean ordered) throws IOException {
    writeChunk();
    conn();
    selected = true; // the stored count is read back from the written files
    rows += count;
    staged = (int) Math.max(1, Math.min(Integer.MAX_VALUE, count));
    writeChunk("(" + select + ")", ordered);
  }

  /** Writes the staged rows as one Parquet file per UTC day, sorted by key then time. */
  private void writeChunk() throws IOException {
    writeChunk(null);
  }

  private void writeChunk(String select) throws IOException {
    writeChunk(select, false);
  }

  private void writeChunk(String select, boolean ordered) throws IOException {
    if (staged == 0) {
      return;
    }
    if (select == null && staging == Staging.JAVA) {
      writeHeld();
      return;
    }
    try {
      String from;
      if (select != null) {
        from = select;
      } else if (staging == Staging.CSV) {
        csv.close();
        csv = null;
        from =
            "(SELECT us, action, outcome, service, user_id, source_ip, country, method, path,"
                + " status, kid, sub, iss, iat, exp, from_json(subject_ids, '[\"VARCHAR\"]') AS"
                + " subject_ids, from_json(categories, '[\"VARCHAR\"]') AS categories FROM"
                + " read_csv('"
                + Duck.quote(stageFile.toString())
                + "', delim = '\t', quote = '\"', escape = '\"', header = false, nullstr = '\\N',"
                + " allow_quoted_nulls = false, auto_detect = false, new_line = '\\n',"
                + " max_line_size = 67108864, columns = "
                + CSV_COLUMNS
                + "))";
      } else if (staging == Staging.JSON) {
        gen.close();
        gen = null;
        from =
            "read_json('"
                + Duck.quote(stageFile.toString())
                + "', format = 'newline_delimited', maximum_object_size = 1073741824, columns = "
                + JSON_COLUMNS
                + ")";
      } else {
        appender.close();
        from = "ev";
      }
      Path out = tmp.resolve("chunk-" + chunks);
      long cpu0 = TIMING ? cpuNanos() : 0;
      long t0 = System.nanoTime();
      try (Statement s = conn.createStatement()) {
        s.execute(
            "COPY (SELECT make_timestamp(us)::TIMESTAMPTZ AS ts, action, outcome, service,"
                + " user_id, source_ip, country, method, path, status, kid, sub, iss, iat, exp,"
                + " subject_ids, categories, strftime(make_timestamp(us), '%Y-%m-%d') AS day"
                + " FROM "
                + from
                + (ordered ? "" : " ORDER BY kid NULLS LAST, us")
                + ") TO '"
                + Duck.quote(out.toString())
                + "' (FORMAT parquet, PARTITION_BY (day), COMPRESSION zstd,"
                + " ROW_GROUP_SIZE 122880, FILENAME_PATTERN 'c"
                + chunks
                + "-{i}')");
        if (select == null && staging == Staging.APPENDER) {
          s.execute("DELETE FROM ev");
        }
      }
      if (TIMING) {
        System.err.printf(
            "copy of %,d rows: %.2f s wall, %.2f s process CPU%n",
            staged, (System.nanoTime() - t0) / 1e9, (cpuNanos() - cpu0) / 1e9);
      }
      if (select != null) {
        // rows came from the SELECT; nothing was staged
      } else if (staging == Staging.JSON || staging == Staging.CSV) {
        Files.delete(stageFile);
      } else {
        appender = newAppender();
      }
      chunks++;
      staged = 0;
    } catch (SQLException e) {
      throw new IOException("writing Parquet failed: " + e.getMessage(), e);
    }
  }

  private static final long DAY_US = 86_400_000_000L;

  /**
   * {@link Staging#JAVA}: the held rows, grouped by UTC day and within a day by key (nulls last)
   * then time (arrival order kept for equal times, as a stable sort), one Parquet file per day.
   */
  private void writeHeld() throws IOException {
    awaitWrite();
    EventColumns rows = held;
    int chunk = chunks;
    held = null; // the next rows go to other columns while these are written
    chunks++;
    staged = 0;
    if (!PIPELINE) {
      writeRows(rows, chunk);
      return;
    }
    if (writer == null) {
      writer =
          java.util.concurrent.Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "parquet-write");
                t.setDaemon(true);
                return t;
              });
    }
    pendingWrite =
        writer.submit(
            () -> {
              writeRows(rows, chunk);
              return null;
            });
  }

  /**
   * {@code -Dhaechi.store.pipeline=false} writes each chunk on the importing thread; by default a
   * chunk is written on a second thread while the next one is parsed and collected (at most one
   * chunk waits: the heap holds at most two).
   */
  private static final boolean PIPELINE =
      !"false".equals(System.getProperty("haechi.store.pipeline"));

  private java.util.concurrent.ExecutorService writer;
  private java.util.concurrent.Future<Void> pendingWrite;

  /** Waits for the chunk being written on the second thread; its failure is this batch's. */
  private void awaitWrite() throws IOException {
    java.util.concurrent.Future<Void> f = pendingWrite;
    if (f == null) {
      return;
    }
    pendingWrite = null;
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing Parquet", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /** Writes the rows of {@code cols} as chunk {@code chunk}: one file per UTC day. */
  private void writeRows(EventColumns cols, int chunk) throws IOException {
    long t0 = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
    long cpu0 = TIMING ? threadCpuNanos() : 0;
    ChunkOrder o = ChunkOrder.of(cols);
    if (TIMING) {
      cpu.addAndGet(threadCpuNanos() - cpu0);
    }
    if (o.days() <= 1 || !PIPELINE) {
      for (int d = 0; d < o.days(); d++) {
        writeDay(cols, o, d, chunk, cpu);
      }
    } else {
      // the day files are independent: written on every core, so that the last chunk (written
      // after the parsing has ended) does not leave a core idle
      List<java.util.concurrent.Future<Void>> days = new ArrayList<>();
      for (int d = 0; d < o.days(); d++) {
        int day = d;
        days.add(
            fileWriters()
                .submit(
                    () -> {
                      writeDay(cols, o, day, chunk, cpu);
                      return null;
                    }));
      }
      for (java.util.concurrent.Future<Void> f : days) {
        await(f, "writing Parquet");
      }
    }
    if (TIMING) {
      System.err.printf(
          "wrote %,d rows in %d day files: %.2f s wall, %.2f s CPU of the writing threads%n",
          cols.rows(), o.days(), (System.nanoTime() - t0) / 1e9, cpu.get() / 1e9);
    }
    cols.clear();
    spare.set(cols);
  }

  private void writeDay(
      EventColumns cols, ChunkOrder o, int d, int chunk, java.util.concurrent.atomic.AtomicLong cpu)
      throws IOException {
    long cpu0 = TIMING ? threadCpuNanos() : 0;
    Path file =
        tmp.resolve("chunk-" + chunk)
            .resolve("day=" + java.time.LocalDate.ofEpochDay(o.day(d)))
            .resolve("c" + chunk + "-0.parquet");
    Files.createDirectories(file.getParent());
    javaWritten.put(
        file,
        ParquetFileWriter.write(file, cols, o.order(), o.dayStart(d), o.dayEnd(d), o.kidRanks()));
    if (TIMING) {
      cpu.addAndGet(threadCpuNanos() - cpu0);
    }
  }

  private java.util.concurrent.ExecutorService fileWriters;

  private synchronized java.util.concurrent.ExecutorService fileWriters() {
    if (fileWriters == null) {
      fileWriters =
          java.util.concurrent.Executors.newFixedThreadPool(
              Runtime.getRuntime().availableProcessors(),
              r -> {
                Thread t = new Thread(r, "parquet-write-file");
                t.setDaemon(true);
                return t;
              });
    }
    return fileWriters;
  }

  /** Stops a pool and waits for it: never delete the directory under a file being written. */
  private static void stop(java.util.concurrent.ExecutorService pool) throws IOException {
    if (pool == null) {
      return;
    }
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES)) {
        throw new IOException("the Parquet writer threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for a task; its failure is this batch's. */
  private static void await(java.util.concurrent.Future<?> f, String what) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + what, e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  private static long threadCpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Orders strings as DuckDB orders VARCHAR: by their UTF-8 bytes (code points). */
  static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Writes what is staged, moves every file into its partition and describes it. */
  List<StoredFile> finish() throws IOException {
    writeChunk();
    awaitWrite();
    List<StoredFile> out = new ArrayList<>();
    List<Path> written;
    try (Stream<Path> s = Files.walk(tmp)) {
      written =
          s.filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .filter(p -> p.getParent().getFileName().toString().startsWith("day="))
              .sorted()
              .toList();
    }
    PreparedStatement st = null;
    try {
      for (Path f : written) {
        String day = f.getParent().getFileName().toString();
        String rel = day + "/" + id + "-" + f.getFileName();
        ParquetFileWriter.Written w = javaWritten.get(f);
        if (w != null) { // the store's own writer: it counted, timed and digested what it wrote
          EventStore.move(f, store.resolve(rel));
          out.add(
              new StoredFile(rel, w.sha256(), w.bytes(), w.rows(), w.minMicros(), w.maxMicros()));
          continue;
        }
        if (st == null) {
          st =
              conn()
                  .prepareStatement(
                      "SELECT count(*), epoch_us(min(ts)), epoch_us(max(ts)) FROM read_parquet(?)");
        }
        st.setString(1, f.toString());
        long n;
        long min;
        long max;
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          n = rs.getLong(1);
          min = rs.getLong(2);
          max = rs.getLong(3);
        }
        String sha = Manifest.sha256(f);
        long bytes = Files.size(f);
        EventStore.move(f, store.resolve(rel));
        out.add(new StoredFile(rel, sha, bytes, n, min, max));
      }
    } catch (SQLException e) {
      throw new IOException("reading back the written Parquet failed: " + e.getMessage(), e);
    } finally {
      if (st != null) {
        try {
          st.close();
        } catch (SQLException e) {
          // closing a statement of an in-memory session
        }
      }
    }
    if (selected) {
      rows = out.stream().mapToLong(StoredFile::rows).sum();
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    stop(writer); // first: it is the one that starts the file writers
    java.util.concurrent.ExecutorService files;
    synchronized (this) {
      files = fileWriters;
    }
    stop(files);
    try {
      if (gen != null) {
        gen.close();
      }
      if (csv != null) {
        csv.close();
      }
      if (appender != null) {
        appender.close();
      }
      if (conn != null) {
        conn.close();
      }
    } catch (SQLException e) {
      // closing an in-memory session; nothing to keep
    } finally {
      EventStore.deleteTree(tmp);
    }
  }
}
