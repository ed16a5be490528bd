package dev.haechi.breach.store;

import com.github.luben.zstd.Zstd;
import dev.haechi.breach.event.AccessEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
 * row objects, no dictionary building, no SQL between the parsed event and its column bytes. The
 * rows must come already in the file's order (the caller sorts by key, then time).
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

  /** What was written: rows and the first and last instant (microseconds). */
  record Written(long rows, long minMicros, long maxMicros) {}

  /** Writes {@code rows[from, to)} in that order to {@code out} (created, not replaced). */
  static Written write(Path out, AccessEvent[] rows, int from, int to) throws IOException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = from; i < to; i++) {
      min = Math.min(min, rows[i].micros());
      max = Math.max(max, rows[i].micros());
    }
    try (OutputStream os =
        new java.io.BufferedOutputStream(
            Files.newOutputStream(out, java.nio.file.StandardOpenOption.CREATE_NEW), 1 << 16)) {
      Counting f = new Counting(os);
      f.write(MAGIC);
      int[] cuts = rowGroups(rows, from, to);
      int groups = cuts.length - 1;
      ChunkMeta[][] meta = new ChunkMeta[groups][];
      Buf page = new Buf(1 << 20);
      Buf values = new Buf(1 << 20);
      Buf levels = new Buf(1 << 12);
      byte[] compressed = new byte[1 << 16];
      for (int g = 0; g < groups; g++) {
        int a = cuts[g];
        int b = cuts[g + 1];
        meta[g] = new ChunkMeta[NAMES.length];
        for (int c = 0; c < NAMES.length; c++) {
          ChunkMeta m = encode(c, rows, a, b, page, values, levels);
          long dictBytes = 0;
          long dictCompressed = 0;
          if (m.dict != null) {
            int dbound = (int) Zstd.compressBound(m.dict.len);
            if (compressed.length < dbound) {
              compressed = new byte[Math.max(dbound, compressed.length * 2)];
            }
            int dlen =
                (int)
                    Zstd.compressByteArray(
                        compressed, 0, compressed.length, m.dict.buf, 0, m.dict.len, ZSTD_LEVEL);
            if (Zstd.isError(dlen)) {
              throw new IOException("zstd failed: " + Zstd.getErrorName(dlen));
            }
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
          }
          int bound = (int) Zstd.compressBound(page.len);
          if (compressed.length < bound) {
            compressed = new byte[Math.max(bound, compressed.length * 2)];
          }
          int clen =
              (int)
                  Zstd.compressByteArray(
                      compressed, 0, compressed.length, page.buf, 0, page.len, ZSTD_LEVEL);
          if (Zstd.isError(clen)) {
            throw new IOException("zstd failed: " + Zstd.getErrorName(clen));
          }
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
          m.rows = b - a;
          meta[g][c] = m;
        }
      }
      long footerStart = f.count;
      byte[] footer = footer(meta, to - from);
      f.write(footer);
      f.write(le32(footer.length));
      f.write(MAGIC);
      if (footerStart < 0) {
        throw new IOException("unreachable");
      }
    }
    return new Written(to - from, min, max);
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
      } else if (!java.util.Objects.equals(rows[i].kid(), rows[i - 1].kid())) {
        if (i - start >= MIN_GROUP_ROWS
            || runEnd(rows, i, to, MIN_GROUP_ROWS) - i >= MIN_GROUP_ROWS) {
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
  private static int runEnd(AccessEvent[] rows, int i, int to, int limit) {
    String k = rows[i].kid();
    int end = Math.min(to, i + limit);
    int j = i + 1;
    while (j < end && java.util.Objects.equals(rows[j].kid(), k)) {
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
  }

  /**
   * Encodes column {@code c} of rows [a, b) as one uncompressed data page body into {@code page}.
   */
  private static ChunkMeta encode(
      int c, AccessEvent[] rows, int a, int b, Buf page, Buf values, Buf levels) {
    ChunkMeta m = new ChunkMeta();
    page.len = 0;
    values.len = 0;
    levels.len = 0;
    Rle def = new Rle(levels, KINDS[c] == Kind.LIST ? 2 : 1);
    switch (KINDS[c]) {
      case TS -> {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = a; i < b; i++) {
          long v = rows[i].micros();
          def.add(1);
          values.le64(v);
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        if (b > a) {
          m.min = le64(lo);
          m.max = le64(hi);
        }
        m.levelCount = b - a;
      }
      case LONG -> {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        long nulls = 0;
        for (int i = a; i < b; i++) {
          Long v = longAt(rows[i], c);
          if (v == null) {
            def.add(0);
            nulls++;
          } else {
            def.add(1);
            long x = v;
            values.le64(x);
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
          }
        }
        if (nulls < b - a) {
          m.min = le64(lo);
          m.max = le64(hi);
        }
        m.nulls = nulls;
        m.levelCount = b - a;
      }
      case STRING -> {
        int[] idx = new int[b - a];
        if (dictionary(m, c, rows, a, b, values, idx)) {
          for (int i : idx) {
            def.add(i >= 0 ? 1 : 0);
          }
          def.flush();
          page.le32(levels.len);
          page.put(levels.buf, 0, levels.len);
          page.put(values.buf, 0, values.len);
          return m;
        }
        values.len = 0; // nothing was added to the levels yet
        byte[] lo = null;
        byte[] hi = null;
        boolean stats = true;
        long nulls = 0;
        for (int i = a; i < b; i++) {
          String s = stringAt(rows[i], c);
          if (s == null) {
            def.add(0);
            nulls++;
            continue;
          }
          def.add(1);
          byte[] v = s.getBytes(StandardCharsets.UTF_8);
          values.le32(v.length);
          values.put(v, 0, v.length);
          if (stats) {
            if (v.length > STATS_MAX_BYTES) {
              stats = false;
            } else {
              if (lo == null || Arrays.compareUnsigned(v, lo) < 0) {
                lo = v;
              }
              if (hi == null || Arrays.compareUnsigned(v, hi) > 0) {
                hi = v;
              }
            }
          }
        }
        if (stats && lo != null) {
          m.min = lo;
          m.max = hi;
        }
        m.nulls = nulls;
        m.levelCount = b - a;
      }
      case LIST -> {
        Buf repBuf = new Buf(1 << 10);
        Rle rep = new Rle(repBuf, 1);
        int count = 0;
        for (int i = a; i < b; i++) {
          List<String> xs = c == 15 ? rows[i].subjectIds() : rows[i].categories();
          if (xs.isEmpty()) {
            rep.add(0);
            def.add(1); // the list is there and empty
            count++;
            continue;
          }
          for (int k = 0; k < xs.size(); k++) {
            rep.add(k == 0 ? 0 : 1);
            def.add(3); // items are never null
            byte[] v = xs.get(k).getBytes(StandardCharsets.UTF_8);
            values.le32(v.length);
            values.put(v, 0, v.length);
            count++;
          }
        }
        rep.flush();
        def.flush();
        m.levelCount = count;
        page.le32(repBuf.len);
        page.put(repBuf.buf, 0, repBuf.len);
        page.le32(levels.len);
        page.put(levels.buf, 0, levels.len);
        page.put(values.buf, 0, values.len);
        return m;
      }
      default -> throw new IllegalStateException();
    }
    def.flush();
    page.le32(levels.len);
    page.put(levels.buf, 0, levels.len);
    page.put(values.buf, 0, values.len);
    return m;
  }

  /**
   * Tries to dictionary-encode string column {@code c} of rows [a, b): on success {@code values}
   * holds the bit width and the RLE-encoded indices of the non-null values, {@code m} the
   * dictionary and statistics, and {@code idx} each row's index (-1 for null) from which the caller
   * writes the definition levels. Returns false when the column has too many distinct values (the
   * caller writes it PLAIN).
   */
  private static boolean dictionary(
      ChunkMeta m, int c, AccessEvent[] rows, int a, int b, Buf values, int[] idx) {
    java.util.HashMap<String, Integer> ids = new java.util.HashMap<>();
    Buf dict = new Buf(1 << 12);
    long nulls = 0;
    for (int i = a; i < b; i++) {
      String s = stringAt(rows[i], c);
      if (s == null) {
        idx[i - a] = -1;
        nulls++;
        continue;
      }
      Integer id = ids.get(s);
      if (id == null) {
        if (ids.size() >= DICT_MAX_VALUES || dict.len > DICT_MAX_BYTES) {
          return false;
        }
        id = ids.size();
        ids.put(s, id);
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        dict.le32(v.length);
        dict.put(v, 0, v.length);
      }
      idx[i - a] = id;
    }
    // statistics over the distinct values
    byte[] lo = null;
    byte[] hi = null;
    boolean stats = true;
    for (String s : ids.keySet()) {
      byte[] v = s.getBytes(StandardCharsets.UTF_8);
      if (v.length > STATS_MAX_BYTES) {
        stats = false;
        break;
      }
      if (lo == null || Arrays.compareUnsigned(v, lo) < 0) {
        lo = v;
      }
      if (hi == null || Arrays.compareUnsigned(v, hi) > 0) {
        hi = v;
      }
    }
    if (stats && lo != null) {
      m.min = lo;
      m.max = hi;
    }
    m.nulls = nulls;
    m.levelCount = b - a;
    m.dict = dict;
    m.dictCount = ids.size();
    int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, ids.size() - 1)));
    values.len = 0;
    values.put(width);
    Rle r = new Rle(values, width);
    for (int i : idx) {
      if (i >= 0) {
        r.add(i);
      }
    }
    r.flush();
    return true;
  }

  private static String stringAt(AccessEvent e, int c) {
    return switch (c) {
      case 1 -> e.action();
      case 2 -> e.outcome();
      case 3 -> e.service();
      case 4 -> e.userId();
      case 5 -> e.sourceIp();
      case 6 -> e.country();
      case 7 -> e.method();
      case 8 -> e.path();
      case 10 -> e.kid();
      case 11 -> e.sub();
      case 12 -> e.iss();
      default -> throw new IllegalArgumentException("not a string column: " + c);
    };
  }

  private static Long longAt(AccessEvent e, int c) {
    return switch (c) {
      case 9 -> e.status();
      case 13 -> e.iat();
      case 14 -> e.exp();
      default -> throw new IllegalArgumentException("not an integer column: " + c);
    };
  }

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

  /** Counts the bytes written, for offsets. */
  private static final class Counting extends java.io.FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }
  }
}
