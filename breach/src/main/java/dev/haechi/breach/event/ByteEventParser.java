package dev.haechi.breach.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The import's byte-level parser for one JSON Lines access event (FORMATS.md §2): it reads the
 * line's UTF-8 bytes directly, without a JSON tree, a token stream, an event object or a {@code
 * String} per value, and writes the values straight into a row of {@link EventColumns}: repeated
 * values (action, outcome, service, country, method, key, issuer, source address, the category
 * list) as ids of the import's dictionaries, found through a small per-thread cache; the others
 * (user, path, subject, the subject list) as bytes in the block's arena. Strings are scanned eight
 * bytes at a time. It takes only the plain case — ASCII, every kept field with the type the store
 * wants, no escapes in kept strings, no duplicate kept keys, nothing after the object — and answers
 * {@code null} for anything else, which the caller hands to {@link FastAccessEventParser#parse} and
 * so, in the end, to the reference {@link AccessEventReader#parse}: the reference decides and words
 * every refusal, and {@code ByteParserAgreementProperties} checks the two agree on random,
 * edge-case and corrupted lines.
 *
 * <p>One instance per thread (it keeps its cache and scratch state).
 */
public final class ByteEventParser {
  /** Thrown inside the parser to hand the line to the slower path. */
  private static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Bail INSTANCE = new Bail();

    private Bail() {
      super(null, null, false, false);
    }
  }

  private static final int MAX_DEPTH = 64;

  // direct-mapped cache of recent values: (column, bytes) -> dictionary id
  private static final int CACHE = 1 << 12;
  private final byte[][] keys = new byte[CACHE][];
  private final int[] keyCols = new int[CACHE];
  private final int[] ids = new int[CACHE];
  private EventColumns.Dictionaries cacheFor;

  /** The column of the category lists in the cache (string columns are 0 .. STRINGS-1). */
  private static final int CATEGORIES = EventColumns.STRINGS;

  private byte[] b;
  private int p;
  private int end;

  // the row being read
  private EventColumns out;
  private int row;
  private boolean hasTs;

  // array item positions (scratch)
  private int[] itemFrom = new int[8];
  private int[] itemTo = new int[8];

  private EventColumns scratch;

  /**
   * The event on {@code buf[from, to)} (one line, no line terminator), or {@code null} when the
   * line is not the plain case and the reference must decide.
   */
  public AccessEvent parse(byte[] buf, int from, int to) {
    if (scratch == null) {
      scratch = new EventColumns(new EventColumns.Dictionaries(), 16);
    }
    scratch.clear();
    return parseLine(buf, from, to, scratch) && lineEnd == to ? scratch.event(0) : null;
  }

  private int lineEnd;

  /**
   * Parses the line starting at {@code from} in {@code buf[from, limit)} (a block of lines) into a
   * new last row of {@code into}; false, with {@code into} unchanged, when the line is not the
   * plain case. On success {@link #lineEnd()} is where the line ends: {@code limit} or a {@code \r}
   * or {@code \n}. No line break can hide inside the plain case (strings refuse control characters,
   * and only spaces and tabs are skipped), so the line's end is found by the parse itself, without
   * a separate scan.
   */
  public boolean parseLine(byte[] buf, int from, int limit, EventColumns into) {
    if (into.dicts != cacheFor) { // ids of another import's dictionaries
      Arrays.fill(keys, null);
      cacheFor = into.dicts;
    }
    b = buf;
    p = from;
    end = limit;
    out = into;
    into.ensureRow();
    int n = into.rows;
    row = n;
    int arenaMark = into.arenaLen;
    for (int c = 0; c < EventColumns.STRINGS; c++) {
      into.str[c][n] = EventColumns.NULL;
    }
    into.numNull[n] = 0b111;
    into.num[0][n] = 0;
    into.num[1][n] = 0;
    into.num[2][n] = 0;
    into.subjects[n] = EventColumns.NULL;
    into.categories[n] = EventColumns.NULL;
    hasTs = false;
    try {
      root();
    } catch (Bail | ArrayIndexOutOfBoundsException e) {
      into.arenaLen = arenaMark;
      return false;
    } finally {
      b = null;
      out = null;
    }
    into.rows = n + 1;
    return true;
  }

  /**
   * True when {@code buf[from, to)} is blank as {@link String#isBlank()} sees it, for a line of
   * ASCII; false for any other line, also one with a byte above 0x7F (decide on the decoded text).
   */
  public static boolean asciiBlank(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = buf[i];
      if (c != ' ' && c != '\t' && c != 0x0B && c != 0x0C && (c < 0x1C || c > 0x1F)) {
        return false;
      }
    }
    return true;
  }

  // ---- structure ---------------------------------------------------------------------------

  /** The byte at {@code i}, or 0 past the line's end (0 is never valid where it is read). */
  private byte at(int i) {
    return i < end ? b[i] : 0;
  }

  private void ws() {
    while (p < end) {
      byte c = at(p);
      if (c == ' ' || c == '\t') {
        p++;
      } else {
        return;
      }
    }
  }

  private void expect(char c) {
    if (p >= end || b[p] != c) {
      throw Bail.INSTANCE;
    }
    p++;
  }

  /** After a member value: true when another member follows (a comma), false at the '}'. */
  private boolean next(char close) {
    ws();
    if (p >= end) {
      throw Bail.INSTANCE;
    }
    byte c = b[p++];
    if (c == ',') {
      ws();
      return true;
    }
    if (c == close) {
      return false;
    }
    throw Bail.INSTANCE;
  }

  /** Reads a member name (plain ASCII, no escape) and the ':'; returns where the name starts. */
  private int name() {
    expect('"');
    int from = p;
    int e = stringEnd(from);
    if (e >= end || b[e] != '"') {
      throw Bail.INSTANCE;
    }
    p = e + 1;
    ws();
    expect(':');
    ws();
    nameLen = e - from;
    return from;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * Where the plain string starting at {@code from} stops: the first quote, backslash, control
   * character or byte above 0x7F at or after {@code from} ({@code end} when none). Eight bytes at a
   * time: a byte is flagged when it equals a quote or a backslash, is below 0x20 or has its high
   * bit; a borrow can only flag bytes above a flagged one, so the lowest flag is exact.
   */
  private int stringEnd(int from) {
    int i = from;
    int limit = end - 8;
    while (i <= limit) {
      long x = (long) LONGS.get(b, i);
      long q = x ^ 0x2222222222222222L;
      long s = x ^ 0x5C5C5C5C5C5C5C5CL;
      long t =
          (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((x - 0x2020202020202020L) & ~x) | x) & HIGHS;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
      i += 8;
    }
    while (i < end) {
      byte c = b[i];
      if (c == '"' || c == '\\' || c < 0x20) { // bytes above 0x7F are negative
        return i;
      }
      i++;
    }
    return end;
  }

  private int nameLen;

  private boolean is(int from, byte[] name) {
    if (nameLen != name.length) {
      return false;
    }
    for (int i = 0; i < name.length; i++) {
      if (b[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] N_TIMESTAMP = ascii("@timestamp");
  private static final byte[] N_EVENT = ascii("event");
  private static final byte[] N_SERVICE = ascii("service");
  private static final byte[] N_USER = ascii("user");
  private static final byte[] N_SOURCE = ascii("source");
  private static final byte[] N_URL = ascii("url");
  private static final byte[] N_HTTP = ascii("http");
  private static final byte[] N_TOKEN = ascii("token");
  private static final byte[] N_DATA = ascii("data");
  private static final byte[] N_ACTION = ascii("action");
  private static final byte[] N_OUTCOME = ascii("outcome");
  private static final byte[] N_NAME = ascii("name");
  private static final byte[] N_ID = ascii("id");
  private static final byte[] N_IP = ascii("ip");
  private static final byte[] N_GEO = ascii("geo");
  private static final byte[] N_COUNTRY = ascii("country_iso_code");
  private static final byte[] N_PATH = ascii("path");
  private static final byte[] N_REQUEST = ascii("request");
  private static final byte[] N_RESPONSE = ascii("response");
  private static final byte[] N_METHOD = ascii("method");
  private static final byte[] N_STATUS = ascii("status_code");
  private static final byte[] N_KID = ascii("kid");
  private static final byte[] N_SUB = ascii("sub");
  private static final byte[] N_ISS = ascii("iss");
  private static final byte[] N_IAT = ascii("iat");
  private static final byte[] N_EXP = ascii("exp");
  private static final byte[] N_SUBJECT_IDS = ascii("subject_ids");
  private static final byte[] N_CATEGORIES = ascii("categories");

  private static int once(int seen, int bit) {
    if ((seen & bit) != 0) {
      throw Bail.INSTANCE;
    }
    return seen | bit;
  }

  private void root() {
    ws();
    expect('{');
    ws();
    int seen = 0;
    if (at(p) == '}') {
      throw Bail.INSTANCE; // no @timestamp: the reference words it
    }
    do {
      int n = name();
      if (is(n, N_TIMESTAMP)) {
        seen = once(seen, 1);
        timestamp();
      } else if (is(n, N_EVENT)) {
        seen = once(seen, 2);
        if (object()) {
          event();
        }
      } else if (is(n, N_SERVICE)) {
        seen = once(seen, 4);
        if (object()) {
          service();
        }
      } else if (is(n, N_USER)) {
        seen = once(seen, 8);
        if (object()) {
          user();
        }
      } else if (is(n, N_SOURCE)) {
        seen = once(seen, 16);
        if (object()) {
          source();
        }
      } else if (is(n, N_URL)) {
        seen = once(seen, 32);
        if (object()) {
          url();
        }
      } else if (is(n, N_HTTP)) {
        seen = once(seen, 64);
        if (object()) {
          http();
        }
      } else if (is(n, N_TOKEN)) {
        seen = once(seen, 128);
        if (object()) {
          token();
        }
      } else if (is(n, N_DATA)) {
        seen = once(seen, 256);
        if (object()) {
          data();
        }
      } else {
        skip(0);
      }
    } while (next('}'));
    ws();
    if (!hasTs || (p != end && b[p] != '\n' && b[p] != '\r')) {
      throw Bail.INSTANCE;
    }
    lineEnd = p;
  }

  /** Where the line {@link #parseLine} took ends. */
  public int lineEnd() {
    return lineEnd;
  }

  /**
   * At a member value that must be an object or null: true (past the '{') when there are members to
   * read, false for null or an empty object; bails otherwise.
   */
  private boolean object() {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return false;
    }
    if (c != '{') {
      throw Bail.INSTANCE;
    }
    p++;
    ws();
    if (at(p) == '}') {
      p++;
      return false;
    }
    return true;
  }

  private void event() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_ACTION)) {
        seen = once(seen, 1);
        out.str[EventColumns.ACTION][row] = cachedText(EventColumns.ACTION);
      } else if (is(n, N_OUTCOME)) {
        seen = once(seen, 2);
        out.str[EventColumns.OUTCOME][row] = cachedText(EventColumns.OUTCOME);
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void service() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_NAME)) {
        seen = once(seen, 1);
        out.str[EventColumns.SERVICE][row] = cachedText(EventColumns.SERVICE);
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void user() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_ID)) {
        seen = once(seen, 1);
        out.str[EventColumns.USER][row] = newText(EventColumns.NULL);
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void url() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_PATH)) {
        seen = once(seen, 1);
        out.str[EventColumns.PATH][row] = newText(EventColumns.NULL);
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void source() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_IP)) {
        seen = once(seen, 1);
        out.str[EventColumns.SOURCE_IP][row] = cachedText(EventColumns.SOURCE_IP);
      } else if (is(n, N_GEO)) {
        seen = once(seen, 2);
        if (object()) {
          int seenGeo = 0;
          do {
            int g = name();
            if (is(g, N_COUNTRY)) {
              seenGeo = once(seenGeo, 1);
              out.str[EventColumns.COUNTRY][row] = cachedText(EventColumns.COUNTRY);
            } else {
              skip(2);
            }
          } while (next('}'));
        }
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void http() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_REQUEST)) {
        seen = once(seen, 1);
        if (object()) {
          int s = 0;
          do {
            int m = name();
            if (is(m, N_METHOD)) {
              s = once(s, 1);
              out.str[EventColumns.METHOD][row] = cachedText(EventColumns.METHOD);
            } else {
              skip(2);
            }
          } while (next('}'));
        }
      } else if (is(n, N_RESPONSE)) {
        seen = once(seen, 2);
        if (object()) {
          int s = 0;
          do {
            int m = name();
            if (is(m, N_STATUS)) {
              s = once(s, 1);
              integer(EventColumns.STATUS);
            } else {
              skip(2);
            }
          } while (next('}'));
        }
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void token() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_KID)) {
        seen = once(seen, 1);
        out.str[EventColumns.KID][row] = cachedText(EventColumns.KID);
      } else if (is(n, N_SUB)) {
        seen = once(seen, 2);
        out.str[EventColumns.SUB][row] = newText(out.str[EventColumns.USER][row]);
      } else if (is(n, N_ISS)) {
        seen = once(seen, 4);
        out.str[EventColumns.ISS][row] = cachedText(EventColumns.ISS);
      } else if (is(n, N_IAT)) {
        seen = once(seen, 8);
        integer(EventColumns.IAT);
      } else if (is(n, N_EXP)) {
        seen = once(seen, 16);
        integer(EventColumns.EXP);
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  private void data() {
    int seen = 0;
    do {
      int n = name();
      if (is(n, N_SUBJECT_IDS)) {
        seen = once(seen, 1);
        out.subjects[row] = strings(false);
      } else if (is(n, N_CATEGORIES)) {
        seen = once(seen, 2);
        out.categories[row] = strings(true);
      } else {
        skip(1);
      }
    } while (next('}'));
  }

  // ---- values ------------------------------------------------------------------------------

  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  private void literal(byte[] word) {
    if (end - p < word.length) {
      throw Bail.INSTANCE;
    }
    for (int i = 0; i < word.length; i++) {
      if (b[p + i] != word[i]) {
        throw Bail.INSTANCE;
      }
    }
    p += word.length;
  }

  /**
   * At a string value: scans a plain string (ASCII, no escape, no control character) and returns
   * where its contents start; {@code p} is left after the closing quote and {@link #strEnd} set.
   */
  private int plainString() {
    expect('"');
    int from = p;
    int e = stringEnd(from);
    if (e >= end || b[e] != '"') {
      throw Bail.INSTANCE;
    }
    strEnd = e;
    p = e + 1;
    return from;
  }

  private int strEnd;

  private void timestamp() {
    if (at(p) != '"') {
      throw Bail.INSTANCE;
    }
    int from = plainString();
    long m = micros(b, from, strEnd);
    if (m == Long.MIN_VALUE) {
      throw Bail.INSTANCE;
    }
    out.us[row] = m;
    hasTs = true;
  }

  /** A text value of dictionary column {@code c}: its code (an id, an arena place or null). */
  private int cachedText(int c) {
    byte x = at(p);
    if (x == 'n') {
      literal(NULL);
      return EventColumns.NULL;
    }
    if (x != '"') {
      throw Bail.INSTANCE;
    }
    int from = plainString();
    return cached(c, from, strEnd, -1);
  }

  /**
   * A text value kept with its row (or null): its arena code, or {@code same} when {@code same} is
   * an arena value with the same bytes (the token's subject is usually the user).
   */
  private int newText(int same) {
    byte x = at(p);
    if (x == 'n') {
      literal(NULL);
      return EventColumns.NULL;
    }
    if (x != '"') {
      throw Bail.INSTANCE;
    }
    int from = plainString();
    return text(from, strEnd, same);
  }

  private int text(int from, int to, int same) {
    int len = to - from;
    if (same <= -2) {
      byte[] a = out.arena;
      int at = EventColumns.arenaOffset(same);
      if (EventColumns.le32(a, at) == len && Arrays.equals(a, at + 4, at + 4 + len, b, from, to)) {
        return same;
      }
    }
    return out.arenaValue(b, from, len);
  }

  /**
   * The dictionary id of the bytes {@code [from, to)} in column {@code c} (for the category list:
   * the whole array's text, whose items are at {@code itemFrom/itemTo}), through the cache; the
   * arena code when the dictionary is full.
   */
  private int cached(int c, int from, int to, int listStart) {
    long hl = c + 1;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      hl = (hl ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < to; i++) {
      hl = (hl ^ b[i]) * 0x100000001B3L;
    }
    int h = (int) (hl ^ (hl >>> 29) ^ (hl >>> 47));
    int slot = h & (CACHE - 1);
    byte[] k = keys[slot];
    int len = to - from;
    if (k != null
        && keyCols[slot] == c
        && k.length == len
        && Arrays.equals(k, 0, len, b, from, to)) {
      return ids[slot];
    }
    int id;
    if (c == CATEGORIES) {
      id = listValue(out.dicts.categories());
    } else {
      byte[] entry = new byte[4 + len];
      EventColumns.le32(entry, 0, len);
      System.arraycopy(b, from, entry, 4, len);
      id = out.dicts.strings(c).intern(entry);
      if (id < 0) {
        return out.arenaValue(b, from, len); // the dictionary is full
      }
    }
    if (id >= 0) {
      keys[slot] = Arrays.copyOfRange(b, from, to);
      keyCols[slot] = c;
      ids[slot] = id;
    }
    return id;
  }

  /** An integer value of column {@code c} (or null): an optional minus and up to 18 digits. */
  private void integer(int col) {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return; // the row starts with every integer null
    }
    boolean neg = false;
    if (c == '-') {
      neg = true;
      p++;
    }
    int from = p;
    long v = 0;
    while (p < end) {
      byte d = b[p];
      if (d < '0' || d > '9') {
        break;
      }
      v = v * 10 + (d - '0');
      p++;
    }
    int len = p - from;
    if (len == 0 || len > 18 || (b[from] == '0' && (len > 1 || neg))) {
      throw Bail.INSTANCE;
    }
    if (p < end && (b[p] == '.' || b[p] == 'e' || b[p] == 'E')) {
      throw Bail.INSTANCE;
    }
    out.num[col][row] = neg ? -v : v;
    out.numNull[row] &= (byte) ~(1 << col);
  }

  private int items;

  /**
   * A {@code data.*} array of plain strings (or null, as empty): its code; {@code cache} takes the
   * whole list through the dictionary (categories repeat; subject lists do not).
   */
  private int strings(boolean cache) {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return EventColumns.NULL;
    }
    if (c != '[') {
      throw Bail.INSTANCE;
    }
    int open = p;
    p++;
    ws();
    if (at(p) == ']') {
      p++;
      return EventColumns.NULL;
    }
    items = 0;
    do {
      if (at(p) != '"') {
        throw Bail.INSTANCE; // numbers become text in the reference: let it decide
      }
      int from = plainString();
      if (items == itemFrom.length) {
        itemFrom = Arrays.copyOf(itemFrom, items * 2);
        itemTo = Arrays.copyOf(itemTo, items * 2);
      }
      itemFrom[items] = from;
      itemTo[items] = strEnd;
      items++;
    } while (next(']'));
    if (cache) {
      return cached(CATEGORIES, open, p, open);
    }
    return listValue(null);
  }

  /**
   * The list of the items just read, in the arena; with a dictionary, its id (or the arena code
   * when the dictionary is full).
   */
  private int listValue(ValueDictionary d) {
    EventColumns o = out;
    int start = o.arenaLen;
    o.ensureArena(8);
    o.arenaLen += 8;
    for (int i = 0; i < items; i++) {
      o.arenaValue(b, itemFrom[i], itemTo[i] - itemFrom[i]);
    }
    return o.finishList(start, items, d);
  }

  /** Skips any JSON value, checking its syntax as strictly as the reference's parser does. */
  private void skip(int depth) {
    if (depth > MAX_DEPTH) {
      throw Bail.INSTANCE;
    }
    byte c = at(p);
    switch (c) {
      case '"' -> skipString();
      case '{' -> {
        p++;
        ws();
        if (at(p) == '}') {
          p++;
          return;
        }
        do {
          skipString();
          ws();
          expect(':');
          ws();
          skip(depth + 1);
        } while (next('}'));
      }
      case '[' -> {
        p++;
        ws();
        if (at(p) == ']') {
          p++;
          return;
        }
        do {
          skip(depth + 1);
        } while (next(']'));
      }
      case 'n' -> literal(NULL);
      case 't' -> literal(TRUE);
      case 'f' -> literal(FALSE);
      default -> skipNumber();
    }
  }

  /** A string with the common escapes (not {@code \\u}: the reference decides those). */
  private void skipString() {
    expect('"');
    while (true) {
      byte c = at(p);
      if (c == '"') {
        p++;
        return;
      }
      if (c < 0x20) { // control characters and every byte above 0x7F
        throw Bail.INSTANCE;
      }
      if (c == '\\') {
        byte e = at(p + 1);
        if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
            && e != 't') {
          throw Bail.INSTANCE;
        }
        p += 2;
      } else {
        p++;
      }
    }
  }

  /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, at most 18 characters (no exponent). */
  private void skipNumber() {
    int from = p;
    if (at(p) == '-') {
      p++;
    }
    int digits = p;
    while (p < end && b[p] >= '0' && b[p] <= '9') {
      p++;
    }
    if (p == digits || (b[digits] == '0' && p - digits > 1)) {
      throw Bail.INSTANCE;
    }
    if (p < end && b[p] == '.') {
      p++;
      int frac = p;
      while (p < end && b[p] >= '0' && b[p] <= '9') {
        p++;
      }
      if (p == frac) {
        throw Bail.INSTANCE;
      }
    }
    if (p - from > 18 || (p < end && (b[p] == 'e' || b[p] == 'E'))) {
      throw Bail.INSTANCE;
    }
  }

  // ---- timestamp ---------------------------------------------------------------------------

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)} with year 1000–9999 in epoch microseconds, as
   * {@link FastAccessEventParser#micros}; {@link Long#MIN_VALUE} for any other spelling.
   */
  static long micros(byte[] s, int from, int to) {
    int n = to - from;
    if (n < 20
        || s[from + 4] != '-'
        || s[from + 7] != '-'
        || s[from + 10] != 'T'
        || s[from + 13] != ':'
        || s[from + 16] != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, from, 4);
    int month = digits(s, from + 5, 2);
    int day = digits(s, from + 8, 2);
    int hour = digits(s, from + 11, 2);
    int minute = digits(s, from + 14, 2);
    int second = digits(s, from + 17, 2);
    if (year < 1000 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return Long.MIN_VALUE;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return Long.MIN_VALUE;
    }
    if (day > monthLength(year, month)) {
      return Long.MIN_VALUE;
    }
    int i = from + 19;
    long nanos = 0;
    if (s[i] == '.') {
      i++;
      int start = i;
      while (i < to && s[i] >= '0' && s[i] <= '9') {
        nanos = nanos * 10 + (s[i] - '0');
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return Long.MIN_VALUE;
      }
      for (int k = len; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offset;
    if (i == to - 1 && s[i] == 'Z') {
      offset = 0;
    } else if (i == to - 6 && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return Long.MIN_VALUE;
      }
      offset = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
    } else {
      return Long.MIN_VALUE;
    }
    long epochSecond =
        epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offset;
    return epochSecond * 1_000_000L + nanos / 1000;
  }

  private static int monthLength(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a valid proleptic Gregorian date (as {@code LocalDate}). */
  static long epochDay(int year, int month, int day) {
    // Howard Hinnant's days_from_civil
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int mp = (month + 9) % 12;
    int doy = (153 * mp + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }

  private static int digits(byte[] s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      int c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
