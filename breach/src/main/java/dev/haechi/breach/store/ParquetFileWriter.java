package dev.haechi.breach.store;

import com.github.luben.zstd.Zstd;
import dev.haechi.breach.event.AccessEvent;
import dev.haechi.breach.event.EventColumns;
import dev.haechi.breach.event.ValueDictionary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes one Parquet file of access events straight from Java: the same schema DuckDB's writer
 * gives the store (ts as an INT64 UTC timestamp in microseconds, the strings as UTF-8 byte arrays,
 * status/iat/exp as INT64, subject_ids and categories as three-level lists of strings; every column
 * optional), strings dictionary-encoded while a chunk has few distinct values (else PLAIN), RLE
 * levels, one zstd-compressed data page (after its dictionary page) per column and row group,
 * row-group statistics (min, max, null count) so readers skip row groups by key and time, and the
 * standard footer (Thrift compact protocol) that DuckDB, Trino and Spark read.
 *
 * <p>It exists because DuckDB's Parquet writer, not parsing, capped the import (BENCHMARKS.md): no
 * row objects, no SQL between the parsed value and its column bytes. It reads {@link EventColumns}:
 * a chunk's dictionary comes from the import's dictionary ids (no hashing), values are copied in
 * their PLAIN form, and the file's SHA-256 is computed as it is written. The rows are written in
 * the order given (the caller sorts by key, then time).
 */
final class ParquetFileWriter {
  static final int ROW_GROUP_ROWS = 122_880;

  /** zstd level: 1 is several times cheaper than DuckDB's default 3 for a few percent of size. */
  static final int ZSTD_LEVEL = Integer.getInteger("haechi.store.zstd-level", 1);

  /** Longest string value for which min/max statistics are written (longer ones: none). */
  private static final int STATS_MAX_BYTES = 256;

  // Parquet enums (parquet.thrift)
  private static final int T_INT64 = 2;
  private static final int T_BYTE_ARRAY = 6;
  private static final int R_OPTIONAL = 1;
  private static final int R_REPEATED = 2;
  private static final int CT_UTF8 = 0;
  private static final int CT_LIST = 3;
  private static final int CT_TIMESTAMP_MICROS = 10;
  private static final int ENC_PLAIN = 0;
  private static final int ENC_RLE = 3;
  private static final int ENC_RLE_DICTIONARY = 8;

  /** A column chunk is dictionary-encoded while its distinct values stay below this many. */
  private static final int DICT_MAX_VALUES = 1 << 14;

  /** … and their bytes below this. */
  private static final int DICT_MAX_BYTES = 1 << 20;

  private static final int CODEC_ZSTD = 6;

  /**
   * A chunk of more than {@link #DICT_MAX_VALUES} rows whose first {@link #SAMPLE_ROWS} rows
   * already hold {@code SAMPLE_DISTINCT} distinct values (user, path, subject: nearly one per row)
   * is written PLAIN without hashing on to the limit; a guess that only costs size when wrong (the
   * values are the same either way).
   */
  private static final int SAMPLE_ROWS = 2048;

  private static final int SAMPLE_DISTINCT = SAMPLE_ROWS * 15 / 16;

  /** The leaf columns, in file order: name, kind. */
  private enum Kind {
    TS,
    STRING,
    LONG,
    LIST
  }

  static final String[] NAMES = {
    "ts",
    "action",
    "outcome",
    "service",
    "user_id",
    "source_ip",
    "country",
    "method",
    "path",
    "status",
    "kid",
    "sub",
    "iss",
    "iat",
    "exp",
    "subject_ids",
    "categories"
  };
  private static final Kind[] KINDS = {
    Kind.TS,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.LONG,
    Kind.STRING,
    Kind.STRING,
    Kind.STRING,
    Kind.LONG,
    Kind.LONG,
    Kind.LIST,
    Kind.LIST
  };

  private ParquetFileWriter() {}

  /**
   * What was written: rows, the first and last instant (microseconds), the file's size and its
   * SHA-256 (hex), computed while writing.
   */
  record Written(long rows, long minMicros, long maxMicros, long bytes, String sha256) {}

  /** Writes {@code rows[from, to)} in that order to {@code out} (created, not replaced). */
  static Written write(Path out, AccessEvent[] rows, int from, int to) throws IOException {
    EventColumns cols = new EventColumns(new EventColumns.Dictionaries(), to - from);
    for (int i = from; i < to; i++) {
      cols.add(rows[i]);
    }
    int[] order = new int[to - from];
    int[] kidKeys = new int[to - from];
    java.util.Map<String, Integer> kidIds = new java.util.HashMap<>();
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
      String k = rows[from + i].kid();
      kidKeys[i] = k == null ? -1 : kidIds.computeIfAbsent(k, x -> kidIds.size());
    }
    return write(out, cols, order, 0, order.length, kidKeys);
  }

  /**
   * Writes the rows {@code order[from, to)} of {@code cols}, in that order, to {@code out}
   * (created, not replaced); {@code kidKeys[row]} is equal for rows with the same key (for the row
   * groups).
   */
  static Written write(Path out, EventColumns cols, int[] order, int from, int to, int[] kidKeys)
      throws IOException {
    java.security.MessageDigest sha;
    try {
      sha = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Counting f;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    try (OutputStream os =
        new java.io.BufferedOutputStream(
            Files.newOutputStream(out, java.nio.file.StandardOpenOption.CREATE_NEW), 1 << 16)) {
      f = new Counting(os, sha);
      f.write(MAGIC);
      int[] cuts = rowGroups(kidKeys, order, from, to);
      int groups = cuts.length - 1;
      ChunkMeta[][] meta = new ChunkMeta[groups][];
      Encoder enc = new Encoder(cols);
      for (int g = 0; g < groups; g++) {
        meta[g] = new ChunkMeta[NAMES.length];
        for (int c = 0; c < NAMES.length; c++) {
          ChunkMeta m = enc.encode(c, order, cuts[g], cuts[g + 1]);
          enc.writeChunk(f, m);
          m.rows = cuts[g + 1] - cuts[g];
          meta[g][c] = m;
        }
      }
      for (ChunkMeta[] group : meta) { // the file's time range from the row groups' statistics
        min = Math.min(min, group[0].minMicros);
        max = Math.max(max, group[0].maxMicros);
      }
      byte[] footer = footer(meta, to - from);
      f.write(footer);
      f.write(le32(footer.length));
      f.write(MAGIC);
    }
    return new Written(
        to - from, min, max, f.count, java.util.HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * Where row groups start (and, last, where the rows end) for rows sorted by key: a group ends
   * after {@link #ROW_GROUP_ROWS} rows, and also where the key changes when either the group so far
   * or the next key's run has at least {@link #MIN_GROUP_ROWS} rows. So a key with few rows (a
   * leaked signing key among millions of ordinary requests) gets row groups of its own, whose
   * {@code kid} statistics (min = max = that key) let a reader skip every other group of the file,
   * while many tiny keys still share groups (at most about two groups per {@code MIN_GROUP_ROWS}
   * rows).
   */
  static int[] rowGroups(AccessEvent[] rows, int from, int to) {
    int[] keys = new int[rows.length];
    int[] order = new int[rows.length];
    java.util.Map<String, Integer> ids = new java.util.HashMap<>();
    for (int i = 0; i < rows.length; i++) {
      order[i] = i;
      String k = rows[i].kid();
      keys[i] = k == null ? -1 : ids.computeIfAbsent(k, x -> ids.size());
    }
    return rowGroups(keys, order, from, to);
  }

  /** As {@link #rowGroups(AccessEvent[], int, int)} for the rows {@code order[from, to)}. */
  static int[] rowGroups(int[] keys, int[] order, int from, int to) {
    int[] cuts = new int[8];
    int n = 0;
    cuts[n++] = from;
    if (to <= from) {
      return Arrays.copyOf(cuts, n);
    }
    int start = from;
    int i = from + 1;
    while (i < to) {
      if (i - start >= ROW_GROUP_ROWS) {
        start = i;
      } else if (keys[order[i]] != keys[order[i - 1]]) {
        if (i - start >= MIN_GROUP_ROWS
            || runEnd(keys, order, i, to, MIN_GROUP_ROWS) - i >= MIN_GROUP_ROWS) {
          start = i;
        }
      }
      if (start == i) {
        if (n == cuts.length) {
          cuts = Arrays.copyOf(cuts, n * 2);
        }
        cuts[n++] = i;
      }
      i++;
    }
    if (n == cuts.length) {
      cuts = Arrays.copyOf(cuts, n + 1);
    }
    cuts[n++] = to;
    return Arrays.copyOf(cuts, n);
  }

  /**
   * The end of the run of rows with the key of row {@code i}, looking at most {@code limit} ahead.
   */
  private static int runEnd(int[] keys, int[] order, int i, int to, int limit) {
    int k = keys[order[i]];
    int end = Math.min(to, i + limit);
    int j = i + 1;
    while (j < end && keys[order[j]] == k) {
      j++;
    }
    return j;
  }

  /** A key's run of at least this many rows starts a row group of its own (see rowGroups). */
  static final int MIN_GROUP_ROWS = 2048;

  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  /** One column chunk's description for the footer. */
  private static final class ChunkMeta {
    long offset;
    long uncompressed;
    long compressed;
    long rows;
    int levelCount;
    long nulls;
    byte[] min;
    byte[] max;

    /** The dictionary page body (PLAIN values), or null when the chunk is PLAIN-encoded. */
    Buf dict;

    int dictCount;
    long dictOffset = -1;

    /** The ts column's range (the other columns leave it empty). */
    long minMicros = Long.MAX_VALUE;

    long maxMicros = Long.MIN_VALUE;
  }

  /**
   * Encodes column chunks of one file: each kind of column in a small method of its own (the
   * earlier single method was compiled by C2 many times over in a cold JVM, seconds of CPU), with
   * its buffers reused from chunk to chunk.
   */
  private static final class Encoder {
    private final EventColumns cols;
    private final Buf page = new Buf(1 << 20);
    private final Buf values = new Buf(1 << 20);
    private final Buf levels = new Buf(1 << 12);
    private final Buf reps = new Buf(1 << 10);
    private final Buf dict = new Buf(1 << 12);
    private byte[] compressed = new byte[1 << 16];
    private int[] idx = new int[1 << 10];

    // dictionary ids -> index in the chunk's dictionary (valid where stamp == generation)
    private int[] local = new int[1 << 8];
    private int[] stamp = new int[1 << 8];
    private int generation;

    // hashed dictionary of values kept in the arena: open addressing over local indices
    private final int[] table = new int[1 << 16];
    private final byte[][] entArr = new byte[DICT_MAX_VALUES][];
    private final int[] entOff = new int[DICT_MAX_VALUES];

    Encoder(EventColumns cols) {
      this.cols = cols;
    }

    ChunkMeta encode(int c, int[] order, int a, int b) {
      page.len = 0;
      values.len = 0;
      levels.len = 0;
      ChunkMeta m = new ChunkMeta();
      m.levelCount = b - a;
      switch (KINDS[c]) {
        case TS -> timestamps(m, order, a, b);
        case LONG -> longs(m, NUMBER_OF[c], order, a, b);
        case STRING -> strings(m, STRING_OF[c], order, a, b);
        case LIST -> {
          lists(m, c == 15, order, a, b);
          return m;
        }
        default -> throw new IllegalStateException();
      }
      page.le32(levels.len);
      page.put(levels.buf, 0, levels.len);
      page.put(values.buf, 0, values.len);
      return m;
    }

    private void timestamps(ChunkMeta m, int[] order, int a, int b) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      values.ensure(8 * (b - a));
      byte[] out = values.buf;
      int at = values.len;
      for (int i = a; i < b; i++) {
        long v = cols.micros(order[i]);
        le64(out, at, v);
        at += 8;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      values.len = at;
      Rle def = new Rle(levels, 1);
      def.addRun(1, b - a);
      def.flush();
      m.minMicros = lo;
      m.maxMicros = hi;
      if (b > a) {
        m.min = ParquetFileWriter.le64(lo);
        m.max = ParquetFileWriter.le64(hi);
      }
    }

    private void longs(ChunkMeta m, int c, int[] order, int a, int b) {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      long nulls = 0;
      Rle def = new Rle(levels, 1);
      values.ensure(8 * (b - a));
      byte[] out = values.buf;
      int at = values.len;
      for (int i = a; i < b; i++) {
        int r = order[i];
        if (cols.numberNull(c, r)) {
          def.add(0);
          nulls++;
        } else {
          def.add(1);
          long x = cols.number(c, r);
          le64(out, at, x);
          at += 8;
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      values.len = at;
      def.flush();
      if (nulls < b - a) {
        m.min = ParquetFileWriter.le64(lo);
        m.max = ParquetFileWriter.le64(hi);
      }
      m.nulls = nulls;
    }

    private void strings(ChunkMeta m, int c, int[] order, int a, int b) {
      int n = b - a;
      if (idx.length < n) {
        idx = new int[Math.max(n, idx.length * 2)];
      }
      boolean dictionary =
          allIds(c, order, a, b)
              ? dictionaryByIds(m, c, order, a, b)
              : dictionaryByBytes(m, c, order, a, b);
      Rle def = new Rle(levels, 1);
      if (dictionary) {
        for (int i = 0; i < n; i++) {
          def.add(idx[i] >= 0 ? 1 : 0);
        }
        def.flush();
        int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, m.dictCount - 1)));
        values.len = 0;
        values.put(width);
        Rle r = new Rle(values, width);
        for (int i = 0; i < n; i++) {
          if (idx[i] >= 0) {
            r.add(idx[i]);
          }
        }
        r.flush();
        return;
      }
      plain(m, c, order, a, b, def);
      def.flush();
    }

    /** True when every non-null value of the chunk is a dictionary id. */
    private boolean allIds(int c, int[] order, int a, int b) {
      if (!EventColumns.dictionaryColumn(c)) {
        return false;
      }
      for (int i = a; i < b; i++) {
        if (cols.code(c, order[i]) <= -2) {
          return false;
        }
      }
      return true;
    }

    /**
     * The chunk's dictionary from the import's ids (no hashing): on success {@code idx} holds each
     * row's index (-1 for null) and {@code m} the dictionary page and statistics; false when the
     * chunk has too many distinct values.
     */
    private boolean dictionaryByIds(ChunkMeta m, int c, int[] order, int a, int b) {
      ValueDictionary d = cols.dictionaries().strings(c);
      int size = d.size();
      if (local.length < size) {
        local = new int[Math.max(size, local.length * 2)];
        stamp = new int[local.length];
        generation = 0;
      }
      int gen = ++generation;
      dict.len = 0;
      int count = 0;
      long nulls = 0;
      byte[] lo = null;
      byte[] hi = null;
      boolean stats = true;
      for (int i = a; i < b; i++) {
        int code = cols.code(c, order[i]);
        if (code < 0) {
          idx[i - a] = -1;
          nulls++;
          continue;
        }
        if (stamp[code] != gen) {
          if (count >= DICT_MAX_VALUES || dict.len > DICT_MAX_BYTES) {
            return false;
          }
          byte[] v = d.value(code);
          stamp[code] = gen;
          local[code] = count++;
          dict.put(v, 0, v.length);
          if (stats) {
            if (v.length - 4 > STATS_MAX_BYTES) {
              stats = false;
            } else {
              if (lo == null || compare(v, 0, lo, 0) < 0) {
                lo = v;
              }
              if (hi == null || compare(v, 0, hi, 0) > 0) {
                hi = v;
              }
            }
          }
        }
        idx[i - a] = local[code];
      }
      finishDictionary(m, count, nulls, stats, lo, hi);
      return true;
    }

    private void finishDictionary(
        ChunkMeta m, int count, long nulls, boolean stats, byte[] lo, byte[] hi) {
      if (stats && lo != null) {
        m.min = Arrays.copyOfRange(lo, 4, lo.length);
        m.max = Arrays.copyOfRange(hi, 4, hi.length);
      }
      m.nulls = nulls;
      m.dict = dict;
      m.dictCount = count;
    }

    /** As {@link #dictionaryByIds} for values (also) kept in the arena: hashed by their bytes. */
    private boolean dictionaryByBytes(ChunkMeta m, int c, int[] order, int a, int b) {
      Arrays.fill(table, -1);
      int mask = table.length - 1;
      dict.len = 0;
      int count = 0;
      long nulls = 0;
      ValueDictionary d = cols.dictionaries().strings(c);
      int loAt = -1;
      int hiAt = -1;
      boolean stats = true;
      for (int i = a; i < b; i++) {
        int code = cols.code(c, order[i]);
        if (code == EventColumns.NULL) {
          idx[i - a] = -1;
          nulls++;
          continue;
        }
        byte[] v = cols.holder(d, code);
        int at = EventColumns.start(code);
        int len = EventColumns.le32(v, at);
        int h = 1;
        for (int k = at + 4; k < at + 4 + len; k++) {
          h = 31 * h + v[k];
        }
        h ^= h >>> 15;
        int slot = h & mask;
        int found = -1;
        while (table[slot] >= 0) {
          int e = table[slot];
          byte[] ev = entArr[e];
          int eo = entOff[e];
          if (EventColumns.le32(ev, eo) == len
              && Arrays.equals(ev, eo + 4, eo + 4 + len, v, at + 4, at + 4 + len)) {
            found = e;
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (found < 0) {
          if (count >= DICT_MAX_VALUES || dict.len > DICT_MAX_BYTES) {
            return false;
          }
          if (count == SAMPLE_DISTINCT && i - a < SAMPLE_ROWS && b - a > DICT_MAX_VALUES) {
            return false; // nearly every value new so far: too many distinct ones to pay
          }
          found = count++;
          table[slot] = found;
          entArr[found] = v;
          entOff[found] = at;
          dict.put(v, at, 4 + len);
          if (stats) {
            if (len > STATS_MAX_BYTES) {
              stats = false;
            } else {
              if (loAt < 0 || compare(v, at, entArr[loAt], entOff[loAt]) < 0) {
                loAt = found;
              }
              if (hiAt < 0 || compare(v, at, entArr[hiAt], entOff[hiAt]) > 0) {
                hiAt = found;
              }
            }
          }
        }
        idx[i - a] = found;
      }
      if (stats && loAt >= 0) {
        m.min = value(entArr[loAt], entOff[loAt]);
        m.max = value(entArr[hiAt], entOff[hiAt]);
      }
      m.nulls = nulls;
      m.dict = dict;
      m.dictCount = count;
      return true;
    }

    /** PLAIN values and their definition levels, with min/max statistics. */
    private void plain(ChunkMeta m, int c, int[] order, int a, int b, Rle def) {
      values.len = 0;
      ValueDictionary d = cols.dictionaries().strings(c);
      byte[] lo = null;
      int loAt = 0;
      byte[] hi = null;
      int hiAt = 0;
      boolean stats = true;
      long nulls = 0;
      for (int i = a; i < b; i++) {
        int code = cols.code(c, order[i]);
        if (code == EventColumns.NULL) {
          def.add(0);
          nulls++;
          continue;
        }
        def.add(1);
        byte[] v = cols.holder(d, code);
        int at = EventColumns.start(code);
        int len = EventColumns.le32(v, at);
        values.put(v, at, 4 + len);
        if (stats) {
          if (len > STATS_MAX_BYTES) {
            stats = false;
          } else {
            if (lo == null || compare(v, at, lo, loAt) < 0) {
              lo = v;
              loAt = at;
            }
            if (hi == null || compare(v, at, hi, hiAt) > 0) {
              hi = v;
              hiAt = at;
            }
          }
        }
      }
      if (stats && lo != null) {
        m.min = value(lo, loAt);
        m.max = value(hi, hiAt);
      }
      m.nulls = nulls;
    }

    private void lists(ChunkMeta m, boolean subjects, int[] order, int a, int b) {
      reps.len = 0;
      Rle rep = new Rle(reps, 1);
      Rle def = new Rle(levels, 2);
      ValueDictionary d = cols.dictionaries().categories();
      int count = 0;
      for (int i = a; i < b; i++) {
        int r = order[i];
        int code = subjects ? cols.subjectsCode(r) : cols.categoriesCode(r);
        if (code == EventColumns.NULL) {
          rep.add(0);
          def.add(1); // the list is there and empty
          count++;
          continue;
        }
        byte[] v = cols.holder(d, code);
        int at = EventColumns.start(code);
        int items = EventColumns.le32(v, at);
        rep.add(0);
        rep.addRun(1, items - 1);
        def.addRun(3, items); // items are never null
        values.put(v, at + 8, EventColumns.le32(v, at + 4));
        count += items;
      }
      rep.flush();
      def.flush();
      m.levelCount = count;
      page.le32(reps.len);
      page.put(reps.buf, 0, reps.len);
      page.le32(levels.len);
      page.put(levels.buf, 0, levels.len);
      page.put(values.buf, 0, values.len);
    }

    /** Compresses and writes the chunk's pages (dictionary first); fills in offsets and sizes. */
    void writeChunk(Counting f, ChunkMeta m) throws IOException {
      long dictBytes = 0;
      long dictCompressed = 0;
      if (m.dict != null) {
        int dlen = compress(m.dict.buf, m.dict.len);
        Thrift dh = new Thrift();
        dh.begin();
        dh.i32(1, 2); // DICTIONARY_PAGE
        dh.i32(2, m.dict.len);
        dh.i32(3, dlen);
        dh.structBegin(7);
        dh.i32(1, m.dictCount);
        dh.i32(2, ENC_PLAIN);
        dh.structEnd();
        dh.end();
        m.dictOffset = f.count;
        f.write(dh.out.buf, 0, dh.out.len);
        f.write(compressed, 0, dlen);
        dictBytes = dh.out.len + m.dict.len;
        dictCompressed = dh.out.len + dlen;
        m.dict = DICT_WRITTEN; // the buffer is reused by the next chunk
      }
      int clen = compress(page.buf, page.len);
      Thrift h = new Thrift();
      h.begin();
      h.i32(1, 0); // DATA_PAGE
      h.i32(2, page.len);
      h.i32(3, clen);
      h.structBegin(5);
      h.i32(1, m.levelCount);
      h.i32(2, m.dict != null ? ENC_RLE_DICTIONARY : ENC_PLAIN);
      h.i32(3, ENC_RLE);
      h.i32(4, ENC_RLE);
      h.structEnd();
      h.end();
      m.offset = f.count;
      f.write(h.out.buf, 0, h.out.len);
      f.write(compressed, 0, clen);
      m.uncompressed = h.out.len + page.len + dictBytes;
      m.compressed = h.out.len + clen + dictCompressed;
    }

    private int compress(byte[] src, int len) throws IOException {
      int bound = (int) Zstd.compressBound(len);
      if (compressed.length < bound) {
        compressed = new byte[Math.max(bound, compressed.length * 2)];
      }
      long clen = Zstd.compressByteArray(compressed, 0, compressed.length, src, 0, len, ZSTD_LEVEL);
      if (Zstd.isError(clen)) {
        throw new IOException("zstd failed: " + Zstd.getErrorName(clen));
      }
      return (int) clen;
    }
  }

  /**
   * Marks a chunk whose dictionary page is written (the footer only asks whether there was one).
   */
  private static final Buf DICT_WRITTEN = new Buf(0);

  /** Unsigned comparison of two PLAIN values (length-prefixed), as Parquet orders UTF-8 strings. */
  private static int compare(byte[] x, int xAt, byte[] y, int yAt) {
    int xl = EventColumns.le32(x, xAt);
    int yl = EventColumns.le32(y, yAt);
    return Arrays.compareUnsigned(x, xAt + 4, xAt + 4 + xl, y, yAt + 4, yAt + 4 + yl);
  }

  private static byte[] value(byte[] v, int at) {
    return Arrays.copyOfRange(v, at + 4, at + 4 + EventColumns.le32(v, at));
  }

  private static void le64(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  /** For each leaf column: its string column in {@link EventColumns}, or -1. */
  private static final int[] STRING_OF = {
    -1,
    EventColumns.ACTION,
    EventColumns.OUTCOME,
    EventColumns.SERVICE,
    EventColumns.USER,
    EventColumns.SOURCE_IP,
    EventColumns.COUNTRY,
    EventColumns.METHOD,
    EventColumns.PATH,
    -1,
    EventColumns.KID,
    EventColumns.SUB,
    EventColumns.ISS,
    -1,
    -1,
    -1,
    -1
  };

  /** For each leaf column: its integer column in {@link EventColumns}, or -1. */
  private static final int[] NUMBER_OF = {
    -1,
    -1,
    -1,
    -1,
    -1,
    -1,
    -1,
    -1,
    -1,
    EventColumns.STATUS,
    -1,
    -1,
    -1,
    EventColumns.IAT,
    EventColumns.EXP,
    -1,
    -1
  };

  // ---- footer ------------------------------------------------------------------------------

  private static byte[] footer(ChunkMeta[][] meta, long rows) {
    Thrift t = new Thrift();
    t.begin();
    t.i32(1, 1); // version
    // schema: root, then each column (lists as group > repeated group > element)
    int elements = 1 + NAMES.length + 2 * 2;
    t.listBegin(2, Thrift.STRUCT, elements);
    t.elemBegin();
    t.binary(4, "duckdb_schema");
    t.i32(5, NAMES.length);
    t.elemEnd();
    for (int c = 0; c < NAMES.length; c++) {
      switch (KINDS[c]) {
        case TS -> {
          t.elemBegin();
          t.i32(1, T_INT64);
          t.i32(3, R_OPTIONAL);
          t.binary(4, NAMES[c]);
          t.i32(6, CT_TIMESTAMP_MICROS);
          t.structBegin(10); // LogicalType
          t.structBegin(8); // TIMESTAMP
          t.bool(1, true); // isAdjustedToUTC
          t.structBegin(2); // unit
          t.structBegin(2); // MICROS
          t.structEnd();
          t.structEnd();
          t.structEnd();
          t.structEnd();
          t.elemEnd();
        }
        case LONG -> {
          t.elemBegin();
          t.i32(1, T_INT64);
          t.i32(3, R_OPTIONAL);
          t.binary(4, NAMES[c]);
          t.elemEnd();
        }
        case STRING -> stringElement(t, NAMES[c], R_OPTIONAL);
        case LIST -> {
          t.elemBegin();
          t.i32(3, R_OPTIONAL);
          t.binary(4, NAMES[c]);
          t.i32(5, 1);
          t.i32(6, CT_LIST);
          t.structBegin(10);
          t.structBegin(3); // LIST
          t.structEnd();
          t.structEnd();
          t.elemEnd();
          t.elemBegin();
          t.i32(3, R_REPEATED);
          t.binary(4, "list");
          t.i32(5, 1);
          t.elemEnd();
          stringElement(t, "element", R_OPTIONAL);
        }
        default -> throw new IllegalStateException();
      }
    }
    t.i64(3, rows);
    t.listBegin(4, Thrift.STRUCT, meta.length);
    for (ChunkMeta[] group : meta) {
      t.elemBegin();
      t.listBegin(1, Thrift.STRUCT, group.length);
      long total = 0;
      long totalCompressed = 0;
      for (int c = 0; c < group.length; c++) {
        ChunkMeta m = group[c];
        total += m.uncompressed;
        totalCompressed += m.compressed;
        t.elemBegin();
        t.i64(2, m.dict != null ? m.dictOffset : m.offset); // file_offset
        t.structBegin(3); // ColumnMetaData
        t.i32(1, KINDS[c] == Kind.TS || KINDS[c] == Kind.LONG ? T_INT64 : T_BYTE_ARRAY);
        t.listBegin(2, Thrift.I32, m.dict != null ? 3 : 2);
        t.listI32(ENC_PLAIN);
        t.listI32(ENC_RLE);
        if (m.dict != null) {
          t.listI32(ENC_RLE_DICTIONARY);
        }
        if (KINDS[c] == Kind.LIST) {
          t.listBegin(3, Thrift.BINARY, 3);
          t.listBinary(NAMES[c]);
          t.listBinary("list");
          t.listBinary("element");
        } else {
          t.listBegin(3, Thrift.BINARY, 1);
          t.listBinary(NAMES[c]);
        }
        t.i32(4, CODEC_ZSTD);
        t.i64(5, m.levelCount);
        t.i64(6, m.uncompressed);
        t.i64(7, m.compressed);
        t.i64(9, m.offset); // data_page_offset
        if (m.dict != null) {
          t.i64(11, m.dictOffset); // dictionary_page_offset
        }
        if (KINDS[c] != Kind.LIST) {
          t.structBegin(12); // Statistics
          t.i64(3, m.nulls);
          if (m.min != null) {
            t.binary(5, m.max); // max_value
            t.binary(6, m.min); // min_value
          }
          t.structEnd();
        }
        t.structEnd();
        t.elemEnd();
      }
      t.i64(2, total);
      t.i64(3, group[0].rows);
      t.i64(5, group[0].dict != null ? group[0].dictOffset : group[0].offset);
      t.i64(6, totalCompressed);
      t.elemEnd();
    }
    t.binary(6, "haechi version 0.1.0 (build haechi)");
    t.listBegin(7, Thrift.STRUCT, NAMES.length); // column_orders: type-defined order
    for (int c = 0; c < NAMES.length; c++) {
      t.elemBegin();
      t.structBegin(1);
      t.structEnd();
      t.elemEnd();
    }
    t.end();
    return Arrays.copyOf(t.out.buf, t.out.len);
  }

  private static void stringElement(Thrift t, String name, int repetition) {
    t.elemBegin();
    t.i32(1, T_BYTE_ARRAY);
    t.i32(3, repetition);
    t.binary(4, name);
    t.i32(6, CT_UTF8);
    t.structBegin(10);
    t.structBegin(1); // STRING
    t.structEnd();
    t.structEnd();
    t.elemEnd();
  }

  // ---- encodings -----------------------------------------------------------------------------

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  private static byte[] le64(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }

  /** A growable byte buffer. */
  static final class Buf {
    byte[] buf;
    int len;

    Buf(int size) {
      buf = new byte[size];
    }

    void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(len + more, buf.length * 2));
      }
    }

    void put(int b) {
      ensure(1);
      buf[len++] = (byte) b;
    }

    void put(byte[] b, int off, int n) {
      ensure(n);
      System.arraycopy(b, off, buf, len, n);
      len += n;
    }

    void le32(int v) {
      ensure(4);
      buf[len++] = (byte) v;
      buf[len++] = (byte) (v >>> 8);
      buf[len++] = (byte) (v >>> 16);
      buf[len++] = (byte) (v >>> 24);
    }

    void le64(long v) {
      ensure(8);
      for (int i = 0; i < 8; i++) {
        buf[len++] = (byte) (v >>> (8 * i));
      }
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        put((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      put((int) v);
    }
  }

  /**
   * Levels in the RLE/bit-packing hybrid, as RLE runs only (valid for every bit width; levels come
   * in long runs here).
   */
  static final class Rle {
    private final Buf out;
    private final int bytes;
    private int value = -1;
    private long run;

    Rle(Buf out, int bitWidth) {
      this.out = out;
      this.bytes = (bitWidth + 7) / 8;
    }

    void add(int v) {
      if (v == value) {
        run++;
        return;
      }
      flush();
      value = v;
      run = 1;
    }

    /** Adds {@code count} times {@code v} (none when count is 0 or less). */
    void addRun(int v, int count) {
      if (count <= 0) {
        return;
      }
      if (v != value) {
        flush();
        value = v;
      }
      run += count;
    }

    void flush() {
      if (run > 0) {
        out.varint(run << 1);
        for (int i = 0; i < bytes; i++) {
          out.put((value >>> (8 * i)) & 0xFF);
        }
      }
      run = 0;
      value = -1;
    }
  }

  /** The Thrift compact protocol, writing only what the footer and page headers need. */
  static final class Thrift {
    static final int BOOL_TRUE = 1;
    static final int BOOL_FALSE = 2;
    static final int I32 = 5;
    static final int I64 = 6;
    static final int BINARY = 8;
    static final int LIST = 9;
    static final int STRUCT = 12;

    final Buf out = new Buf(1 << 12);
    private final int[] last = new int[32];
    private int depth;

    void begin() {
      depth = 0;
      last[0] = 0;
    }

    void end() {
      out.put(0);
    }

    private void field(int id, int type) {
      int delta = id - last[depth];
      if (delta > 0 && delta <= 15) {
        out.put((delta << 4) | type);
      } else {
        out.put(type);
        out.varint(zigzag(id));
      }
      last[depth] = id;
    }

    private static long zigzag(long v) {
      return (v << 1) ^ (v >> 63);
    }

    void i32(int id, int v) {
      field(id, I32);
      out.varint(zigzag(v));
    }

    void i64(int id, long v) {
      field(id, I64);
      out.varint(zigzag(v));
    }

    void bool(int id, boolean v) {
      field(id, v ? BOOL_TRUE : BOOL_FALSE);
    }

    void binary(int id, String s) {
      binary(id, s.getBytes(StandardCharsets.UTF_8));
    }

    void binary(int id, byte[] b) {
      field(id, BINARY);
      out.varint(b.length);
      out.put(b, 0, b.length);
    }

    void structBegin(int id) {
      field(id, STRUCT);
      last[++depth] = 0;
    }

    void structEnd() {
      out.put(0);
      depth--;
    }

    void listBegin(int id, int elemType, int size) {
      field(id, LIST);
      if (size < 15) {
        out.put((size << 4) | elemType);
      } else {
        out.put(0xF0 | elemType);
        out.varint(size);
      }
    }

    /** A struct element of a list. */
    void elemBegin() {
      last[++depth] = 0;
    }

    void elemEnd() {
      out.put(0);
      depth--;
    }

    void listI32(int v) {
      out.varint(zigzag(v));
    }

    void listBinary(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.varint(b.length);
      out.put(b, 0, b.length);
    }
  }

  /** Counts the bytes written, for offsets, and digests them. */
  private static final class Counting extends java.io.FilterOutputStream {
    long count;
    private final java.security.MessageDigest digest;

    Counting(OutputStream out, java.security.MessageDigest digest) {
      super(out);
      this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      count += len;
    }

    @Override
    public void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }
  }
}
