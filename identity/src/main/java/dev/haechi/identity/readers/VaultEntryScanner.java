package dev.haechi.identity.readers;

import java.nio.charset.StandardCharsets;

/**
 * Pulls the same fields as {@link VaultEntry#parse} from one audit entry without a JSON library,
 * for the shape Vault writes: ASCII, no escape sequences. It validates the whole entry as JSON (RFC
 * 8259 §2–7: objects, arrays, strings, numbers, literals, whitespace) and answers null — "ask the
 * full parser" — as soon as it meets anything outside that subset or anything invalid, so {@link
 * VaultEntry#parse} (the reference) decides every unusual line and reports every error. When it
 * answers, it answers what the reference would: a member's last occurrence wins, a non-string where
 * a string is expected gives null, strings are trimmed and empty ones are null.
 *
 * <p>Design note: a Vault log holds millions of entries; the few fields custody needs sit in a
 * fixed place. Scanning the bytes once, allocating only the strings kept, is several times cheaper
 * than a general streaming parser's token and name handling. {@code VaultEntryScannerTest} checks
 * it against the reference on generated entries.
 */
final class VaultEntryScanner {
  private static final int MAX_DEPTH = 64;

  /** Thrown to give up on an entry; no stack trace, it is control flow. */
  private static final class Unsure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsure() {
      super(null, null, false, false);
    }
  }

  private static final Unsure UNSURE = new Unsure();

  /** The fields, as indexes into {@link #from} and {@link #to}. */
  static final int TIME = 0;

  static final int ERROR = 1;
  static final int DISPLAY_NAME = 2;
  static final int USERNAME = 3;
  static final int REQUEST_ID = 4;
  static final int OPERATION = 5;
  static final int PATH = 6;
  static final int EMAIL = 7;
  static final int ENTITY_ID = 8;
  private static final int FIELDS = 9;

  /** {@link #from} of a field that is absent (null). */
  private static final int NONE = -1;

  /** {@link #from} of an {@code error} that is present but not a string: it reads "error". */
  private static final int OTHER = -2;

  private byte[] b;
  private int end;
  private int i;

  /** Each field's trimmed text as {@code b[from, to)}, or {@link #NONE} / {@link #OTHER}. */
  private final int[] from = new int[FIELDS];

  private final int[] to = new int[FIELDS];

  /** A scanner to use for one entry after another ({@link #read}); not thread-safe. */
  VaultEntryScanner() {}

  /** The entry's fields, or null when the full parser must decide. */
  static VaultEntry scan(byte[] bytes, int from, int len) {
    VaultEntryScanner s = new VaultEntryScanner();
    return s.read(bytes, from, from + len) ? s.entry() : null;
  }

  /**
   * Scans the entry in {@code bytes[from, end)}: true when its fields are now known ({@link #text},
   * {@link #has}, {@link #entry}), false when the full parser must decide. The field texts stay
   * offsets into {@code bytes} until asked for.
   */
  boolean read(byte[] bytes, int from, int end) {
    this.b = bytes;
    this.i = from;
    this.end = end;
    java.util.Arrays.fill(this.from, NONE);
    try {
      scanEntry();
      return true;
    } catch (Unsure e) {
      return false;
    }
  }

  /** True when the field is there (as {@link #entry} would give it non-null). */
  boolean has(int field) {
    return from[field] != NONE;
  }

  /** The field's text as {@link #entry} gives it, or null. */
  String text(int field) {
    int f = from[field];
    if (f == NONE) {
      return null;
    }
    if (f == OTHER) {
      return "error";
    }
    return new String(b, f, to[field] - f, StandardCharsets.ISO_8859_1);
  }

  /** Start of the field's text in the bytes (when {@link #has} it and it is a string). */
  int from(int field) {
    return from[field];
  }

  /** End of the field's text in the bytes. */
  int to(int field) {
    return to[field];
  }

  /** {@link Values#fastSeconds} of the field's text ({@link Values#NO_SECONDS} when absent). */
  long fastSeconds(int field) {
    int f = from[field];
    return f < 0 ? Values.NO_SECONDS : Values.fastSeconds(b, f, to[field]);
  }

  /** True when the field's text is exactly {@code word} (ASCII). */
  boolean textIs(int field, String word) {
    int f = from[field];
    return f >= 0 && is(f, to[field], word);
  }

  /** The fields as one entry, strings made. */
  VaultEntry entry() {
    return new VaultEntry(
        text(TIME),
        text(ERROR),
        text(DISPLAY_NAME),
        text(USERNAME),
        text(REQUEST_ID),
        text(OPERATION),
        text(PATH),
        text(EMAIL),
        text(ENTITY_ID));
  }

  private void scanEntry() {
    ws();
    expect('{');
    ws();
    if (peek() == '}') {
      i++;
    } else {
      while (true) {
        int keyStart = i + 1;
        int keyEnd = skipString();
        ws();
        expect(':');
        ws();
        if (is(keyStart, keyEnd, "time")) {
          stringValue(TIME);
        } else if (is(keyStart, keyEnd, "error")) {
          byte c = peek();
          if (c == 'n') {
            literal("null");
            from[ERROR] = NONE;
          } else if (c == '"') {
            stringValue(ERROR);
          } else {
            skipValue(1);
            from[ERROR] = OTHER;
          }
        } else if (is(keyStart, keyEnd, "auth")) {
          auth();
        } else if (is(keyStart, keyEnd, "request")) {
          request();
        } else {
          skipValue(1);
        }
        if (!nextMember('}')) {
          break;
        }
      }
    }
    ws();
    if (i != end) {
      throw UNSURE;
    }
  }

  /**
   * {@code auth}: {@code display_name}, {@code metadata.username}, {@code metadata.email}, {@code
   * entity_id}.
   */
  private void auth() {
    if (peek() != '{') {
      skipValue(1);
      return;
    }
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return;
    }
    while (true) {
      int keyStart = i + 1;
      int keyEnd = skipString();
      ws();
      expect(':');
      ws();
      if (is(keyStart, keyEnd, "display_name")) {
        stringValue(DISPLAY_NAME);
      } else if (is(keyStart, keyEnd, "entity_id")) {
        stringValue(ENTITY_ID);
      } else if (is(keyStart, keyEnd, "metadata")) {
        metadata();
      } else {
        skipValue(2);
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /** {@code metadata}: {@code username} and {@code email}. */
  private void metadata() {
    from[USERNAME] = NONE;
    from[EMAIL] = NONE;
    if (peek() != '{') {
      skipValue(2);
      return;
    }
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return;
    }
    while (true) {
      int keyStart = i + 1;
      int keyEnd = skipString();
      ws();
      expect(':');
      ws();
      if (is(keyStart, keyEnd, "username")) {
        stringValue(USERNAME);
      } else if (is(keyStart, keyEnd, "email")) {
        stringValue(EMAIL);
      } else {
        skipValue(3);
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /** {@code request}: {@code id}, {@code operation}, {@code path}. */
  private void request() {
    if (peek() != '{') {
      skipValue(1);
      return;
    }
    i++;
    ws();
    if (peek() == '}') {
      i++;
      return;
    }
    while (true) {
      int keyStart = i + 1;
      int keyEnd = skipString();
      ws();
      expect(':');
      ws();
      if (is(keyStart, keyEnd, "id")) {
        stringValue(REQUEST_ID);
      } else if (is(keyStart, keyEnd, "operation")) {
        stringValue(OPERATION);
      } else if (is(keyStart, keyEnd, "path")) {
        stringValue(PATH);
      } else {
        skipValue(2);
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /**
   * After a member or element: true on {@code ,} (another follows), false on {@code close} (now
   * consumed).
   */
  private boolean nextMember(char close) {
    ws();
    byte c = peek();
    i++;
    if (c == ',') {
      ws();
      return true;
    }
    if (c == close) {
      return false;
    }
    throw UNSURE;
  }

  /**
   * Sets {@code field} to a string value trimmed (null when empty), or to null after skipping any
   * other value.
   */
  private void stringValue(int field) {
    if (peek() != '"') {
      skipValue(1);
      from[field] = NONE;
      return;
    }
    int f = i + 1;
    int t = skipString();
    while (f < t && b[f] == ' ') {
      f++;
    }
    while (t > f && b[t - 1] == ' ') {
      t--;
    }
    if (f == t) {
      from[field] = NONE;
    } else {
      from[field] = f;
      to[field] = t;
    }
  }

  /** Skips a string at {@code i}; returns the offset of its closing quote (then past it). */
  private int skipString() {
    expect('"');
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        return i++;
      }
      if (c == '\\' || c < 0x20) {
        throw UNSURE; // escapes, control bytes and (as negative bytes) non-ASCII
      }
      i++;
    }
    throw UNSURE;
  }

  private void skipValue(int depth) {
    if (depth > MAX_DEPTH) {
      throw UNSURE;
    }
    byte c = peek();
    switch (c) {
      case '"' -> skipString();
      case '{' -> {
        i++;
        ws();
        if (peek() == '}') {
          i++;
          return;
        }
        do {
          skipString();
          ws();
          expect(':');
          ws();
          skipValue(depth + 1);
        } while (nextMember('}'));
      }
      case '[' -> {
        i++;
        ws();
        if (peek() == ']') {
          i++;
          return;
        }
        do {
          skipValue(depth + 1);
        } while (nextMember(']'));
      }
      case 't' -> literal("true");
      case 'f' -> literal("false");
      case 'n' -> literal("null");
      default -> number();
    }
  }

  /** RFC 8259 §6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
  private void number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else {
      digits();
    }
    if (i < end && b[i] == '.') {
      i++;
      digits();
    }
    if (i < end && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < end && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      digits();
    }
    if (i - start > 100) {
      throw UNSURE;
    }
  }

  private void digits() {
    int start = i;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    if (i == start) {
      throw UNSURE;
    }
  }

  private void literal(String word) {
    if (end - i < word.length()) {
      throw UNSURE;
    }
    for (int k = 0; k < word.length(); k++) {
      if (b[i + k] != word.charAt(k)) {
        throw UNSURE;
      }
    }
    i += word.length();
  }

  private boolean is(int from, int to, String name) {
    if (to - from != name.length()) {
      return false;
    }
    for (int k = 0; k < name.length(); k++) {
      if (b[from + k] != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void ws() {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
      i++;
    }
  }

  private byte peek() {
    if (i >= end) {
      throw UNSURE;
    }
    return b[i];
  }

  private void expect(char c) {
    if (peek() != c) {
      throw UNSURE;
    }
    i++;
  }
}
