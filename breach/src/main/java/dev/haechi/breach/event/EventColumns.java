package dev.haechi.breach.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Access events held column by column, as the import parses them and the Parquet writer reads them:
 * no object per event and no {@code String} per value. Each string column holds a code per row:
 * {@link #NULL}; an id in the column's {@link ValueDictionary} (values that repeat: action,
 * outcome, service, source address, country, method, key, issuer, the category list); or, for the
 * values that do not repeat (user, path, subject, the subject list) and for any value once the
 * dictionary is full, a place in this block's byte arena. Every value, in the dictionary or the
 * arena, is kept in Parquet's PLAIN form ({@code [length: int32 LE][UTF-8 bytes]}; a list as {@code
 * [count][total bytes][items in PLAIN form]}). Integers are held with a null bit each.
 *
 * <p>{@link #event(int)} turns a row back into an {@link AccessEvent} (tests compare it with the
 * reference reader); {@link #add(AccessEvent)} goes the other way for events parsed elsewhere.
 */
public final class EventColumns {
  public static final int ACTION = 0;
  public static final int OUTCOME = 1;
  public static final int SERVICE = 2;
  public static final int USER = 3;
  public static final int SOURCE_IP = 4;
  public static final int COUNTRY = 5;
  public static final int METHOD = 6;
  public static final int PATH = 7;
  public static final int KID = 8;
  public static final int SUB = 9;
  public static final int ISS = 10;

  /** How many string columns. */
  public static final int STRINGS = 11;

  public static final int STATUS = 0;
  public static final int IAT = 1;
  public static final int EXP = 2;

  /** How many integer columns. */
  public static final int NUMBERS = 3;

  /** The code of a null string, and of an empty list. */
  public static final int NULL = -1;

  /** True for the string columns whose values go through a dictionary. */
  public static boolean dictionaryColumn(int c) {
    return c != USER && c != PATH && c != SUB;
  }

  /** The dictionaries of one import: one per dictionary column and one for the category lists. */
  public static final class Dictionaries {
    /** Distinct values per column before the rest are kept with their rows. */
    static final int MAX_VALUES = 1 << 16;

    static final long MAX_BYTES = 8L << 20;

    private final ValueDictionary[] strings = new ValueDictionary[STRINGS];
    private final ValueDictionary categories;

    public Dictionaries() {
      this(MAX_VALUES, MAX_BYTES);
    }

    /** With other limits (tests use tiny ones to exercise values kept with their rows). */
    public Dictionaries(int maxValues, long maxBytes) {
      for (int c = 0; c < STRINGS; c++) {
        if (dictionaryColumn(c)) {
          strings[c] = new ValueDictionary(maxValues, maxBytes);
        }
      }
      categories = new ValueDictionary(maxValues, maxBytes);
    }

    /** The dictionary of string column {@code c} (null for user, path and subject). */
    public ValueDictionary strings(int c) {
      return strings[c];
    }

    public ValueDictionary categories() {
      return categories;
    }
  }

  final Dictionaries dicts;
  int rows;
  long[] us;
  final int[][] str = new int[STRINGS][];
  final long[][] num = new long[NUMBERS][];
  byte[] numNull;
  int[] subjects;
  int[] categories;
  byte[] arena;
  int arenaLen;

  public EventColumns(Dictionaries dicts, int capacity) {
    this.dicts = dicts;
    int cap = Math.max(16, capacity);
    us = new long[cap];
    for (int c = 0; c < STRINGS; c++) {
      str[c] = new int[cap];
    }
    for (int c = 0; c < NUMBERS; c++) {
      num[c] = new long[cap];
    }
    numNull = new byte[cap];
    subjects = new int[cap];
    categories = new int[cap];
    arena = new byte[Math.max(1 << 10, cap * 64)];
  }

  public Dictionaries dictionaries() {
    return dicts;
  }

  public int rows() {
    return rows;
  }

  public long micros(int row) {
    return us[row];
  }

  /** The code of string column {@code c} in {@code row}: see the class comment. */
  public int code(int c, int row) {
    return str[c][row];
  }

  /** The code of {@code data.subject_ids} ({@link #NULL} when empty; otherwise in the arena). */
  public int subjectsCode(int row) {
    return subjects[row];
  }

  /** The code of {@code data.categories} ({@link #NULL} when empty). */
  public int categoriesCode(int row) {
    return categories[row];
  }

  public boolean numberNull(int c, int row) {
    return (numNull[row] & (1 << c)) != 0;
  }

  public long number(int c, int row) {
    return num[c][row];
  }

  /** The arena of this block (values in PLAIN form); a code {@code <= -2} points into it. */
  public byte[] arena() {
    return arena;
  }

  /** The arena position of a code {@code <= -2}. */
  public static int arenaOffset(int code) {
    return -2 - code;
  }

  /**
   * The array that holds a non-null coded value: its entry in {@code d} (the column's dictionary)
   * for a code {@code >= 0}, otherwise this block's arena. The value starts at {@link #start}.
   */
  public byte[] holder(ValueDictionary d, int code) {
    return code >= 0 ? d.value(code) : arena;
  }

  /** Where a non-null coded value starts in its {@link #holder}. */
  public static int start(int code) {
    return code >= 0 ? 0 : arenaOffset(code);
  }

  /** The code of an arena position. */
  static int arenaCode(int offset) {
    return -2 - offset;
  }

  // ---- building ------------------------------------------------------------------------------

  /** Makes room for one more row. */
  void ensureRow() {
    if (rows == us.length) {
      int cap = us.length * 2;
      us = Arrays.copyOf(us, cap);
      for (int c = 0; c < STRINGS; c++) {
        str[c] = Arrays.copyOf(str[c], cap);
      }
      for (int c = 0; c < NUMBERS; c++) {
        num[c] = Arrays.copyOf(num[c], cap);
      }
      numNull = Arrays.copyOf(numNull, cap);
      subjects = Arrays.copyOf(subjects, cap);
      categories = Arrays.copyOf(categories, cap);
    }
  }

  void ensureArena(int more) {
    if (arenaLen + more > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arenaLen + more, arena.length * 2));
    }
  }

  /** Appends {@code len} bytes as one PLAIN value; returns its code. */
  int arenaValue(byte[] b, int from, int len) {
    ensureArena(4 + len);
    int at = arenaLen;
    le32(arena, at, len);
    System.arraycopy(b, from, arena, at + 4, len);
    arenaLen = at + 4 + len;
    return arenaCode(at);
  }

  static void le32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  /** The int32 (little-endian) at {@code at}. */
  public static int le32(byte[] b, int at) {
    return (b[at] & 0xFF)
        | (b[at + 1] & 0xFF) << 8
        | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24;
  }

  private final String[] lastString = new String[STRINGS];
  private final int[] lastCode = new int[STRINGS];
  private List<String> lastCategories;
  private int lastCategoriesCode;

  /** Appends an event parsed elsewhere (the reference reader, the server, generated events). */
  public void add(AccessEvent e) {
    ensureRow();
    int n = rows;
    us[n] = e.micros();
    string(n, ACTION, e.action());
    string(n, OUTCOME, e.outcome());
    string(n, SERVICE, e.service());
    string(n, USER, e.userId());
    string(n, SOURCE_IP, e.sourceIp());
    string(n, COUNTRY, e.country());
    string(n, METHOD, e.method());
    string(n, PATH, e.path());
    string(n, KID, e.kid());
    if (e.sub() != null && e.sub().equals(e.userId())) {
      str[SUB][n] = str[USER][n];
    } else {
      string(n, SUB, e.sub());
    }
    string(n, ISS, e.iss());
    numNull[n] = 0;
    number(n, STATUS, e.status());
    number(n, IAT, e.iat());
    number(n, EXP, e.exp());
    subjects[n] = list(e.subjectIds(), null);
    if (e.categories() == lastCategories && lastCategories != null) {
      categories[n] = lastCategoriesCode;
    } else {
      categories[n] = list(e.categories(), dicts.categories());
      if (categories[n] > NULL) { // a dictionary id: safe to reuse for the same list
        lastCategories = e.categories();
        lastCategoriesCode = categories[n];
      }
    }
    rows = n + 1;
  }

  private void string(int n, int c, String s) {
    if (s == null) {
      str[c][n] = NULL;
      return;
    }
    ValueDictionary d = dicts.strings(c);
    if (d != null && s == lastString[c]) {
      str[c][n] = lastCode[c];
      return;
    }
    byte[] v = s.getBytes(StandardCharsets.UTF_8);
    int code = -1;
    if (d != null) {
      byte[] entry = new byte[4 + v.length];
      le32(entry, 0, v.length);
      System.arraycopy(v, 0, entry, 4, v.length);
      code = d.intern(entry);
      if (code >= 0) {
        lastString[c] = s;
        lastCode[c] = code;
      }
    }
    str[c][n] = code >= 0 ? code : arenaValue(v, 0, v.length);
  }

  private void number(int n, int c, Long v) {
    if (v == null) {
      numNull[n] |= (byte) (1 << c);
      num[c][n] = 0;
    } else {
      num[c][n] = v;
    }
  }

  private int list(List<String> xs, ValueDictionary d) {
    if (xs.isEmpty()) {
      return NULL;
    }
    int start = arenaLen;
    ensureArena(8);
    arenaLen += 8;
    for (String s : xs) {
      byte[] v = s.getBytes(StandardCharsets.UTF_8);
      arenaValue(v, 0, v.length);
    }
    return finishList(start, xs.size(), d);
  }

  /**
   * Completes the list whose items were appended after the 8-byte header at {@code start}: the
   * header is filled, and with a dictionary the list becomes its id (the arena is rolled back).
   */
  int finishList(int start, int count, ValueDictionary d) {
    le32(arena, start, count);
    le32(arena, start + 4, arenaLen - start - 8);
    if (d != null) {
      int id = d.intern(Arrays.copyOfRange(arena, start, arenaLen));
      if (id >= 0) {
        arenaLen = start;
        return id;
      }
    }
    return arenaCode(start);
  }

  /** Appends rows {@code [from, to)} of {@code block} (which shares this block's dictionaries). */
  public void append(EventColumns block, int from, int to) {
    if (block.dicts != dicts) {
      throw new IllegalArgumentException("blocks of different imports");
    }
    int n = to - from;
    if (n <= 0) {
      return;
    }
    while (rows + n > us.length) {
      int save = rows;
      rows = us.length; // grow by doubling
      ensureRow();
      rows = save;
    }
    // the block's whole arena is copied (its rows outside [from, to) waste a little room)
    int base = arenaLen;
    ensureArena(block.arenaLen);
    System.arraycopy(block.arena, 0, arena, base, block.arenaLen);
    arenaLen += block.arenaLen;
    System.arraycopy(block.us, from, us, rows, n);
    for (int c = 0; c < STRINGS; c++) {
      rebase(block.str[c], from, str[c], rows, n, base);
    }
    for (int c = 0; c < NUMBERS; c++) {
      System.arraycopy(block.num[c], from, num[c], rows, n);
    }
    System.arraycopy(block.numNull, from, numNull, rows, n);
    rebase(block.subjects, from, subjects, rows, n, base);
    rebase(block.categories, from, categories, rows, n, base);
    rows += n;
  }

  private static void rebase(int[] src, int from, int[] dst, int at, int n, int base) {
    for (int i = 0; i < n; i++) {
      int code = src[from + i];
      dst[at + i] = code <= -2 ? code - base : code;
    }
  }

  /** Forgets the rows (keeps the arrays for the next chunk). */
  public void clear() {
    rows = 0;
    arenaLen = 0;
  }

  // ---- reading back --------------------------------------------------------------------------

  /** Row {@code row} as an event. */
  public AccessEvent event(int row) {
    return new AccessEvent(
        us[row],
        string(ACTION, row),
        string(OUTCOME, row),
        string(SERVICE, row),
        string(USER, row),
        string(SOURCE_IP, row),
        string(COUNTRY, row),
        string(METHOD, row),
        string(PATH, row),
        longValue(STATUS, row),
        string(KID, row),
        string(SUB, row),
        string(ISS, row),
        longValue(IAT, row),
        longValue(EXP, row),
        list(subjects[row], null),
        list(categories[row], dicts.categories()));
  }

  /** The events of every row, in order. */
  public List<AccessEvent> events() {
    List<AccessEvent> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(event(i));
    }
    return out;
  }

  private Long longValue(int c, int row) {
    return numberNull(c, row) ? null : num[c][row];
  }

  /** The string of column {@code c} in {@code row} (null when null). */
  public String string(int c, int row) {
    int code = str[c][row];
    if (code == NULL) {
      return null;
    }
    byte[] b = holder(dicts.strings(c), code);
    int at = start(code);
    return new String(b, at + 4, le32(b, at), StandardCharsets.UTF_8);
  }

  private List<String> list(int code, ValueDictionary d) {
    if (code == NULL) {
      return List.of();
    }
    byte[] b = holder(d, code);
    int at = start(code);
    int count = le32(b, at);
    List<String> out = new ArrayList<>(count);
    int p = at + 8;
    for (int k = 0; k < count; k++) {
      int len = le32(b, p);
      out.add(new String(b, p + 4, len, StandardCharsets.UTF_8));
      p += 4 + len;
    }
    return out;
  }
}
