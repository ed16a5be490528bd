package dev.haechi.identity.readers;

import dev.haechi.identity.model.AccountTable;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast reading of a generic account CSV ({@link AccountCsvReader}) straight from the file's
 * bytes, for the shape nearly every export has: no double quote anywhere, valid UTF-8. Each line is
 * one record, cut at commas where it lies; only the text an account keeps becomes a {@code String}
 * ({@code enabled}, {@code privileged}, {@code last_login} and {@code created} are read from the
 * bytes, a string made only to name a bad value), there is no list per record, and the duplicate
 * check keeps its first lines in an open-addressing table of ints instead of boxed longs.
 *
 * <p>It answers exactly what {@link AccountCsvReader#read(java.io.Reader, String, String)} (the
 * reference, RFC 4180 with quotes) answers for the same file, errors included: the header is
 * checked by {@link CsvTable} itself, records and line numbers follow {@link CsvRecords} (CR, LF or
 * CRLF breaks, blank lines skipped, a byte-order mark skipped), and every value is trimmed as
 * {@link String#trim} trims (bytes up to {@code 0x20}). {@link #read} answers null — "use the
 * reference" — for a file with a quote or with bytes that are not UTF-8. {@code
 * AccountCsvBytesTest} checks both readings agree on random files.
 */
final class AccountCsvBytes {
  private AccountCsvBytes() {}

  /**
   * The accounts of the file as columns over {@code b} (which the table keeps), or null when the
   * reference reader must read it.
   */
  static AccountTable read(byte[] b, String source, String system) {
    int n = b.length;
    boolean ascii = true;
    int breaks = 0;
    for (int i = 0; i < n; i++) {
      byte c = b[i];
      if (c == '"') {
        return null;
      }
      if (c < 0) {
        ascii = false;
      }
      if (c == '\n' || c == '\r') {
        breaks++;
      }
    }
    if (!ascii && !validUtf8(b)) {
      return null;
    }
    int pos = 0;
    if (n >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
      pos = 3;
    }
    long line = 1;
    // Skip blank lines before the header, as CsvRecords does.
    while (pos < n && (b[pos] == '\n' || b[pos] == '\r')) {
      pos = lineBreak(b, pos);
      line++;
    }
    int headerEnd = lineEnd(b, pos);
    String headerLine = text(b, pos, headerEnd, ascii);
    CsvTable header =
        new CsvTable(
            new StringReader(pos < n ? headerLine + "\n" : ""), source, List.of("account_id"));
    pos = headerEnd;
    if (pos < n) {
      pos = lineBreak(b, pos);
      line++;
    }
    int columns = header.columns();
    int cId = header.column("account_id");
    int cUser = header.column("username");
    int cEmail = header.column("email");
    int cEmployee = header.column("employee_id");
    int cEnabled = header.column("enabled");
    int cPrivileged = header.column("privileged");
    int cLastLogin = header.column("last_login");
    int cCreated = header.column("created");
    int cGroups = header.column("groups");
    boolean extras = header.hasExtras(AccountCsvReader.KNOWN);
    boolean loginsTracked = cLastLogin >= 0;

    // At most one record per line break (one more for a last line without one): the list and the
    // duplicate table are sized once instead of regrown a dozen times for a large export.
    Rows rows =
        new Rows(
            new Cursor(b, ascii, source),
            header,
            system,
            columns,
            new int[] {
              cId, cUser, cEmail, cEmployee, cEnabled, cPrivileged, cLastLogin, cCreated, cGroups
            },
            extras,
            loginsTracked,
            new Seen(breaks + 1),
            new AccountTable.Columns(system, source, b, ascii, loginsTracked, breaks + 1));
    while (true) {
      while (pos < n && (b[pos] == '\n' || b[pos] == '\r')) {
        pos = lineBreak(b, pos);
        line++;
      }
      if (pos >= n) {
        break;
      }
      int eol = lineEnd(b, pos);
      rows.row(pos, eol, line);
      pos = eol;
      if (pos < n) {
        pos = lineBreak(b, pos);
        line++;
      }
    }
    return rows.out.build();
  }

  /**
   * Adds one account of one record to the columns. The per-record work is a method of its own, so
   * that the JIT compiles it once, ahead of the loop over records, instead of compiling the whole
   * loop twice (once on-stack for the first file, once more when the next file calls it).
   */
  private static final class Rows {
    private final Cursor cur;
    private final CsvTable header;
    private final String system;
    private final int columns;
    private final int cId;
    private final int cUser;
    private final int cEmail;
    private final int cEmployee;
    private final int cEnabled;
    private final int cPrivileged;
    private final int cLastLogin;
    private final int cCreated;
    private final int cGroups;
    private final boolean extras;
    private final boolean loginsTracked;
    private final Seen seen;
    private final AccountTable.Columns out;
    private final int[] start;
    private final int[] end;

    Rows(
        Cursor cur,
        CsvTable header,
        String system,
        int columns,
        int[] c,
        boolean extras,
        boolean loginsTracked,
        Seen seen,
        AccountTable.Columns out) {
      this.cur = cur;
      this.header = header;
      this.system = system;
      this.columns = columns;
      this.cId = c[0];
      this.cUser = c[1];
      this.cEmail = c[2];
      this.cEmployee = c[3];
      this.cEnabled = c[4];
      this.cPrivileged = c[5];
      this.cLastLogin = c[6];
      this.cCreated = c[7];
      this.cGroups = c[8];
      this.extras = extras;
      this.loginsTracked = loginsTracked;
      this.seen = seen;
      this.out = out;
      this.start = new int[columns];
      this.end = new int[columns];
    }

    /** Adds the account of the record on {@code b[pos, eol)}, line {@code line}. */
    void row(int pos, int eol, long line) {
      byte[] b = cur.b;
      cur.line = line;
      int fields = 0;
      int from = pos;
      for (int i = pos; ; i++) {
        if (i == eol || b[i] == ',') {
          if (fields < columns) {
            start[fields] = from;
            end[fields] = i;
          }
          fields++;
          from = i + 1;
          if (i == eol) {
            break;
          }
        }
      }
      if (fields != columns) {
        throw cur.error("expected " + columns + " fields as in the header, found " + fields, line);
      }
      // The ID is checked for duplicates as bytes (equal text is equal UTF-8): no string per row.
      int idFrom = cId < 0 ? 0 : cur.trimStart(start[cId], end[cId]);
      int idTo = cId < 0 ? 0 : cur.trimEnd(idFrom, end[cId]);
      if (idFrom == idTo) {
        throw cur.error("account_id is empty", line);
      }
      long first = seen.putIfAbsent(b, idFrom, idTo, line);
      if (first >= 0) {
        throw cur.error(
            "account_id " + cur.string(start, end, cId) + " already appears on line " + first,
            line);
      }
      boolean enabled = cur.bool(start, end, cEnabled, "enabled", true);
      boolean privileged = cur.bool(start, end, cPrivileged, "privileged", false);
      // A timestamp of the usual shape is read as seconds from the bytes; any other as before.
      long lastLoginSeconds = cur.fastSeconds(start, end, cLastLogin);
      Instant lastLogin =
          lastLoginSeconds != Values.NO_SECONDS
              ? null
              : cur.instant(start, end, cLastLogin, "last_login");
      long createdSeconds = cur.fastSeconds(start, end, cCreated);
      Instant created =
          createdSeconds != Values.NO_SECONDS ? null : cur.instant(start, end, cCreated, "created");
      String groups = cur.string(start, end, cGroups);
      Map<String, String> attributes =
          extras ? header.extras(AccountCsvReader.KNOWN, cur.fields(start, end)) : Map.of();
      out.row(line);
      cur.setText(out, AccountTable.Columns.ACCOUNT_ID, start, end, cId);
      cur.setText(out, AccountTable.Columns.USERNAME, start, end, cUser);
      cur.setText(out, AccountTable.Columns.EMAIL, start, end, cEmail);
      cur.setText(out, AccountTable.Columns.EMPLOYEE_ID, start, end, cEmployee);
      out.flags(enabled, privileged);
      if (lastLoginSeconds != Values.NO_SECONDS) {
        out.lastLogin(lastLoginSeconds, 0);
      } else {
        out.lastLogin(lastLogin);
      }
      if (createdSeconds != Values.NO_SECONDS) {
        out.created(createdSeconds, 0);
      } else {
        out.created(created);
      }
      if (groups != null) {
        out.groups(AccountCsvReader.splitGroups(groups));
      }
      out.attributes(attributes);
    }
  }

  /** The offset of the first CR or LF at or after {@code from}, or the end. */
  private static int lineEnd(byte[] b, int from) {
    int i = from;
    while (i < b.length && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** Past the line break at {@code at} (CRLF counts as one). */
  private static int lineBreak(byte[] b, int at) {
    if (b[at] == '\r' && at + 1 < b.length && b[at + 1] == '\n') {
      return at + 2;
    }
    return at + 1;
  }

  private static String text(byte[] b, int from, int to, boolean ascii) {
    return new String(
        b, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }

  /** True when the bytes are well-formed UTF-8, as the reference's strict decoder demands. */
  private static boolean validUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Reads the values of the current record. */
  private static final class Cursor {
    private final byte[] b;
    private final boolean ascii;
    private final String source;
    long line;

    /** One view of the bytes of the value being read, moved from value to value. */
    private final Ascii view;

    Cursor(byte[] b, boolean ascii, String source) {
      this.b = b;
      this.view = new Ascii(b, 0, 0);
      this.ascii = ascii;
      this.source = source;
    }

    dev.haechi.core.InputException error(String reason, long at) {
      return new dev.haechi.core.InputException(source, at, reason);
    }

    /** The trimmed value of column {@code c}; null when empty or the column is absent. */
    String string(int[] start, int[] end, int c) {
      if (c < 0) {
        return null;
      }
      int s = trimStart(start[c], end[c]);
      int e = trimEnd(s, end[c]);
      return s == e ? null : text(b, s, e, ascii);
    }

    /** Sets the trimmed range of column {@code c} as text field {@code field}; empty: unset. */
    void setText(AccountTable.Columns out, int field, int[] start, int[] end, int c) {
      if (c < 0) {
        return;
      }
      int s = trimStart(start[c], end[c]);
      int e = trimEnd(s, end[c]);
      if (s < e) {
        out.text(field, s, e);
      }
    }

    /** Every field as the reference has it (untrimmed), for the attribute map. */
    List<String> fields(int[] start, int[] end) {
      List<String> out = new ArrayList<>(start.length);
      for (int k = 0; k < start.length; k++) {
        out.add(text(b, start[k], end[k], ascii));
      }
      return out;
    }

    boolean bool(int[] start, int[] end, int c, String column, boolean empty) {
      if (c < 0) {
        return empty;
      }
      int s = trimStart(start[c], end[c]);
      int e = trimEnd(s, end[c]);
      if (s == e) {
        return empty;
      }
      if (is(s, e, "true") || is(s, e, "yes") || is(s, e, "1")) {
        return true;
      }
      if (is(s, e, "false") || is(s, e, "no") || is(s, e, "0")) {
        return false;
      }
      String v = text(b, s, e, ascii);
      Boolean parsed = Values.bool(v);
      if (parsed == null) {
        throw error(column + " '" + v + "' is not true or false", line);
      }
      return parsed;
    }

    /** {@link Values#fastSeconds} of column {@code c} trimmed ({@code NO_SECONDS}: absent). */
    long fastSeconds(int[] start, int[] end, int c) {
      if (c < 0) {
        return Values.NO_SECONDS;
      }
      int s = trimStart(start[c], end[c]);
      return Values.fastSeconds(b, s, trimEnd(s, end[c]));
    }

    Instant instant(int[] start, int[] end, int c, String column) {
      if (c < 0) {
        return null;
      }
      int s = trimStart(start[c], end[c]);
      int e = trimEnd(s, end[c]);
      if (s == e) {
        return null;
      }
      view.at(s, e - s);
      Instant fast = Values.fastInstant(view);
      if (fast != null) {
        return fast;
      }
      String v = text(b, s, e, ascii);
      Instant i = Values.instant(v);
      if (i == null) {
        throw error(column + " '" + v + "' is not an ISO-8601 date or date-time", line);
      }
      return i;
    }

    /** ASCII-case-insensitive equality of {@code b[s, e)} with a lower-case word. */
    private boolean is(int s, int e, String word) {
      if (e - s != word.length()) {
        return false;
      }
      for (int k = 0; k < word.length(); k++) {
        int c = b[s + k];
        if (c >= 'A' && c <= 'Z') {
          c += 'a' - 'A';
        }
        if (c != word.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    private int trimStart(int s, int e) {
      while (s < e && (b[s] & 0xFF) <= ' ') {
        s++;
      }
      return s;
    }

    private int trimEnd(int s, int e) {
      while (e > s && (b[e - 1] & 0xFF) <= ' ') {
        e--;
      }
      return e;
    }
  }

  /**
   * Bytes seen as characters, one per byte: exact for ASCII; a non-ASCII byte is never a digit or
   * separator, so {@link Values#fastInstant} refuses such text and the caller decodes it properly.
   */
  private static final class Ascii implements CharSequence {
    private final byte[] b;
    private int off;
    private int len;

    Ascii(byte[] b, int off, int len) {
      this.b = b;
      this.off = off;
      this.len = len;
    }

    void at(int off, int len) {
      this.off = off;
      this.len = len;
    }

    @Override
    public int length() {
      return len;
    }

    @Override
    public char charAt(int index) {
      return (char) (b[off + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Ascii(b, off + start, end - start);
    }

    @Override
    public String toString() {
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Account IDs seen so far, as ranges of the file's bytes, and the line each first appeared on,
   * without a string per ID or boxing. Each slot keeps its key's hash beside it, so a probe
   * compares bytes only when the hashes agree.
   */
  private static final class Seen {
    /**
     * Per slot {@code [from, hash, to]}, side by side so that a probe reads one cache line (the
     * first key's line is read only on a duplicate, from {@link #lines}); {@code from} -1 is empty.
     */
    private int[] slots;

    private long[] lines;
    private int size;

    /** A table that holds {@code expected} keys without growing. */
    Seen(int expected) {
      int capacity = 1 << 10;
      while (capacity < expected * 2L && capacity < (1 << 28)) {
        capacity <<= 1;
      }
      slots = new int[capacity * 4];
      lines = new long[capacity];
      for (int k = 0; k < slots.length; k += 4) {
        slots[k] = -1;
      }
    }

    /**
     * The first line of the key {@code b[from, to)} (not empty), or -1 after recording it at {@code
     * line}.
     */
    long putIfAbsent(byte[] b, int from, int to, long line) {
      if (size * 2 >= lines.length) {
        grow();
      }
      int h = 1;
      for (int k = from; k < to; k++) {
        h = 31 * h + b[k];
      }
      h = mix(h);
      int[] t = slots;
      int mask = lines.length - 1;
      int i = h & mask;
      while (t[i * 4] >= 0) {
        int at = i * 4;
        if (t[at + 1] == h && java.util.Arrays.equals(b, t[at], t[at + 2], b, from, to)) {
          return lines[i];
        }
        i = (i + 1) & mask;
      }
      int at = i * 4;
      t[at] = from;
      t[at + 1] = h;
      t[at + 2] = to;
      lines[i] = line;
      size++;
      return -1;
    }

    private void grow() {
      int[] old = slots;
      long[] oldLines = lines;
      int c = oldLines.length * 2;
      slots = new int[c * 4];
      for (int k = 0; k < slots.length; k += 4) {
        slots[k] = -1;
      }
      lines = new long[c];
      int mask = c - 1;
      for (int k = 0; k < oldLines.length; k++) {
        int from = old[k * 4];
        if (from >= 0) {
          int i = old[k * 4 + 1] & mask;
          while (slots[i * 4] >= 0) {
            i = (i + 1) & mask;
          }
          slots[i * 4] = from;
          slots[i * 4 + 1] = old[k * 4 + 1];
          slots[i * 4 + 2] = old[k * 4 + 2];
          lines[i] = oldLines[k];
        }
      }
    }

    private static int mix(int h) {
      h *= 0x9E3779B9;
      return h ^ (h >>> 16);
    }
  }
}
