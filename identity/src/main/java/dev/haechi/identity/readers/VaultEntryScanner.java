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

  private final byte[] b;
  private final int end;
  private int i;

  private VaultEntryScanner(byte[] b, int from, int end) {
    this.b = b;
    this.i = from;
    this.end = end;
  }

  /** The entry's fields, or null when the full parser must decide. */
  static VaultEntry scan(byte[] bytes, int from, int len) {
    try {
      return new VaultEntryScanner(bytes, from, from + len).entry();
    } catch (Unsure e) {
      return null;
    }
  }

  private VaultEntry entry() {
    String time = null;
    String error = null;
    String[] auth = new String[4];
    String[] request = new String[3];
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
          time = stringValue();
        } else if (is(keyStart, keyEnd, "error")) {
          byte c = peek();
          if (c == 'n') {
            literal("null");
            error = null;
          } else if (c == '"') {
            error = stringValue();
          } else {
            skipValue(1);
            error = "error";
          }
        } else if (is(keyStart, keyEnd, "auth")) {
          auth(auth);
        } else if (is(keyStart, keyEnd, "request")) {
          request(request);
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
    return new VaultEntry(
        time, error, auth[0], auth[1], request[0], request[1], request[2], auth[2], auth[3]);
  }

  /**
   * {@code auth}: {@code display_name}, {@code metadata.username}, {@code metadata.email}, {@code
   * entity_id}.
   */
  private void auth(String[] out) {
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
        out[0] = stringValue();
      } else if (is(keyStart, keyEnd, "entity_id")) {
        out[3] = stringValue();
      } else if (is(keyStart, keyEnd, "metadata")) {
        metadata(out);
      } else {
        skipValue(2);
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /** {@code metadata}: {@code username} → {@code out[1]}, {@code email} → {@code out[2]}. */
  private void metadata(String[] out) {
    out[1] = null;
    out[2] = null;
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
        out[1] = stringValue();
      } else if (is(keyStart, keyEnd, "email")) {
        out[2] = stringValue();
      } else {
        skipValue(3);
      }
      if (!nextMember('}')) {
        return;
      }
    }
  }

  /** {@code request}: {@code id}, {@code operation}, {@code path}. */
  private void request(String[] out) {
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
        out[0] = stringValue();
      } else if (is(keyStart, keyEnd, "operation")) {
        out[1] = stringValue();
      } else if (is(keyStart, keyEnd, "path")) {
        out[2] = stringValue();
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

  /** A string value trimmed (null when empty), or null after skipping any other value. */
  private String stringValue() {
    if (peek() != '"') {
      skipValue(1);
      return null;
    }
    int from = i + 1;
    int to = skipString();
    while (from < to && b[from] == ' ') {
      from++;
    }
    while (to > from && b[to - 1] == ' ') {
      to--;
    }
    return from == to ? null : new String(b, from, to - from, StandardCharsets.ISO_8859_1);
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
