package dev.haechi.breach.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The import's byte-level parser for one JSON Lines access event (FORMATS.md §2): it reads the
 * line's UTF-8 bytes directly, without a JSON tree, a token stream or a {@code String} per field
 * name, and takes repeated values (action, outcome, service, country, method, key, issuer, source
 * address, the category list) from a small cache instead of building a new {@code String} each
 * time. It takes only the plain case — ASCII, every kept field with the type the store wants, no
 * escapes in kept strings, no duplicate kept keys, nothing after the object — and answers {@code
 * null} for anything else, which the caller hands to {@link FastAccessEventParser#parse} and so, in
 * the end, to the reference {@link AccessEventReader#parse}: the reference decides and words every
 * refusal, and {@code ByteParserAgreementProperties} checks the two agree on random, edge-case and
 * corrupted lines.
 *
 * <p>One instance per thread (it keeps its cache and scratch state).
 */
public final class ByteEventParser {
  private static final Long[] SMALL = new Long[1000];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = (long) i;
    }
  }

  /** Thrown inside the parser to hand the line to the slower path. */
  private static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Bail INSTANCE = new Bail();

    private Bail() {
      super(null, null, false, false);
    }
  }

  private static final int MAX_DEPTH = 64;

  // direct-mapped cache of recent values: bytes -> String (or the List of a whole string array)
  private static final int CACHE = 1 << 12;
  private final byte[][] keys = new byte[CACHE][];
  private final Object[] vals = new Object[CACHE];

  private byte[] b;
  private int p;
  private int end;

  // the fields of the event being read
  private long micros;
  private String action;
  private String outcome;
  private String service;
  private String userId;
  private String sourceIp;
  private String country;
  private String method;
  private String path;
  private Long status;
  private String kid;
  private String sub;
  private String iss;
  private Long iat;
  private Long exp;
  private List<String> subjectIds;
  private List<String> categories;
  private boolean hasTs;

  // array item positions (scratch)
  private int[] itemFrom = new int[8];
  private int[] itemTo = new int[8];

  /**
   * The event on {@code buf[from, to)} (one line, no line terminator), or {@code null} when the
   * line is not the plain case and the reference must decide.
   */
  public AccessEvent parse(byte[] buf, int from, int to) {
    AccessEvent e = parseLine(buf, from, to);
    return e != null && lineEnd == to ? e : null;
  }

  private int lineEnd;

  /**
   * The event of the line starting at {@code from} in {@code buf[from, limit)} (a block of lines),
   * or {@code null} when the line is not the plain case. On success {@link #lineEnd()} is where the
   * line ends: {@code limit} or a {@code \r} or {@code \n}. No line break can hide inside the plain
   * case (strings refuse control characters, and only spaces and tabs are skipped), so the line's
   * end is found by the parse itself, without a separate scan.
   */
  public AccessEvent parseLine(byte[] buf, int from, int limit) {
    int to = limit;
    b = buf;
    p = from;
    end = to;
    action = null;
    outcome = null;
    service = null;
    userId = null;
    sourceIp = null;
    country = null;
    method = null;
    path = null;
    status = null;
    kid = null;
    sub = null;
    iss = null;
    iat = null;
    exp = null;
    subjectIds = List.of();
    categories = List.of();
    hasTs = false;
    try {
      root();
    } catch (Bail | ArrayIndexOutOfBoundsException e) {
      return null;
    } finally {
      b = null;
    }
    return new AccessEvent(
        micros,
        action,
        outcome,
        service,
        userId,
        sourceIp,
        country,
        method,
        path,
        status,
        kid,
        sub,
        iss,
        iat,
        exp,
        subjectIds,
        categories);
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
    while (true) {
      byte c = at(p);
      if (c == '"') {
        break;
      }
      if (c == '\\' || c < 0x20) { // also every byte above 0x7F (negative)
        throw Bail.INSTANCE;
      }
      p++;
    }
    int len = p - from;
    p++;
    ws();
    expect(':');
    ws();
    nameLen = len;
    return from;
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
        action = cachedText();
      } else if (is(n, N_OUTCOME)) {
        seen = once(seen, 2);
        outcome = cachedText();
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
        service = cachedText();
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
        userId = newText(null);
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
        path = newText(null);
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
        sourceIp = cachedText();
      } else if (is(n, N_GEO)) {
        seen = once(seen, 2);
        if (object()) {
          int seenGeo = 0;
          do {
            int g = name();
            if (is(g, N_COUNTRY)) {
              seenGeo = once(seenGeo, 1);
              country = cachedText();
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
              method = cachedText();
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
              status = integer();
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
        kid = cachedText();
      } else if (is(n, N_SUB)) {
        seen = once(seen, 2);
        sub = newText(userId);
      } else if (is(n, N_ISS)) {
        seen = once(seen, 4);
        iss = cachedText();
      } else if (is(n, N_IAT)) {
        seen = once(seen, 8);
        iat = integer();
      } else if (is(n, N_EXP)) {
        seen = once(seen, 16);
        exp = integer();
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
        subjectIds = strings(false);
      } else if (is(n, N_CATEGORIES)) {
        seen = once(seen, 2);
        categories = strings(true);
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
    while (true) {
      byte c = at(p);
      if (c == '"') {
        break;
      }
      if (c == '\\' || c < 0x20) { // bytes above 0x7F are negative
        throw Bail.INSTANCE;
      }
      p++;
    }
    strEnd = p;
    p++;
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
    micros = m;
    hasTs = true;
  }

  /** A text value from the cache of recent values (or null). */
  private String cachedText() {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return null;
    }
    if (c != '"') {
      throw Bail.INSTANCE;
    }
    int from = plainString();
    return (String) cached(from, strEnd, null);
  }

  /**
   * A text value as a new string (or null), or {@code same} when it has the same characters (the
   * token's subject is usually the user).
   */
  private String newText(String same) {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return null;
    }
    if (c != '"') {
      throw Bail.INSTANCE;
    }
    int from = plainString();
    return text(from, strEnd, same);
  }

  private String text(int from, int to, String same) {
    int len = to - from;
    if (same != null && same.length() == len) {
      boolean eq = true;
      for (int i = 0; i < len && eq; i++) {
        eq = same.charAt(i) == b[from + i];
      }
      if (eq) {
        return same;
      }
    }
    return new String(b, from, len, StandardCharsets.ISO_8859_1); // ASCII: one char per byte
  }

  /**
   * The cached value for the bytes {@code [from, to)}: a String, or when {@code list} is set the
   * bytes are a whole array of strings and the value is its List ({@link #listValue}).
   */
  private Object cached(int from, int to, Object list) {
    int h = list == null ? 1 : 2;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    h ^= h >>> 13;
    int slot = h & (CACHE - 1);
    byte[] k = keys[slot];
    int len = to - from;
    if (k != null
        && k.length == len
        && Arrays.equals(k, 0, len, b, from, to)
        && (vals[slot] instanceof List) == (list != null)) {
      return vals[slot];
    }
    Object v = list != null ? listValue() : new String(b, from, len, StandardCharsets.ISO_8859_1);
    keys[slot] = Arrays.copyOfRange(b, from, to);
    vals[slot] = v;
    return v;
  }

  /** An integer value (or null): an optional minus and up to 18 digits, no leading zero. */
  private Long integer() {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return null;
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
    if (!neg && v < SMALL.length) {
      return SMALL[(int) v];
    }
    return neg ? -v : v;
  }

  private int items;

  /**
   * A {@code data.*} array of plain strings (or null, as empty); {@code cache} takes the whole list
   * from the cache of recent values (categories repeat; subject lists do not).
   */
  private List<String> strings(boolean cache) {
    byte c = at(p);
    if (c == 'n') {
      literal(NULL);
      return List.of();
    }
    if (c != '[') {
      throw Bail.INSTANCE;
    }
    int open = p;
    p++;
    ws();
    if (at(p) == ']') {
      p++;
      return List.of();
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
      @SuppressWarnings("unchecked")
      List<String> l = (List<String>) cached(open, p, Boolean.TRUE);
      return l;
    }
    return listValue();
  }

  private List<String> listValue() {
    if (items == 1) {
      return List.of(text(itemFrom[0], itemTo[0], userId));
    }
    String[] out = new String[items];
    for (int i = 0; i < items; i++) {
      out[i] = text(itemFrom[i], itemTo[i], null);
    }
    return List.of(out);
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
