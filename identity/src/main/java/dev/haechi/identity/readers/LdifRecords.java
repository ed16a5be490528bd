package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an LDIF content file (RFC 2849) into entries: folded lines are unfolded (a line starting
 * with one space continues the previous one), comment lines ({@code #}, with their continuations)
 * are dropped, {@code attr:: base64} values are decoded as UTF-8, attribute options ({@code
 * cn;lang-en}) are dropped, and a {@code version:} line is accepted before the first entry. {@code
 * attr:< URL} values and change records other than {@code changetype: add} are rejected: an export
 * holds content, not changes.
 */
final class LdifRecords {

  private final BufferedReader in;
  private final String source;
  private long lineNo;
  private String pending;
  private long pendingLine;
  private boolean first = true;

  /** The line the logical line last returned by {@link #nextLogical} starts on. */
  private long logicalLine;

  LdifRecords(BufferedReader in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The next entry, or null at the end of the file. */
  DirectoryMapping.Entry next() {
    String dn = null;
    long dnLine = 0;
    Map<String, List<String>> attrs = new LinkedHashMap<>();
    while (true) {
      String logical = nextLogical();
      long line = logicalLine;
      if (logical == null || logical.isEmpty()) {
        if (dn != null) {
          return new DirectoryMapping.Entry(dn, dnLine, attrs);
        }
        if (logical == null) {
          return null;
        }
        continue;
      }
      int colon = logical.indexOf(':');
      if (colon <= 0) {
        throw new InputException(source, line, "expected 'attribute: value' (RFC 2849)");
      }
      String name = logical.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      int semi = name.indexOf(';');
      if (semi > 0) {
        name = name.substring(0, semi);
      }
      String value = value(logical, colon, line);
      if (dn == null) {
        if (name.equals("version") && first) {
          first = false;
          continue;
        }
        if (!name.equals("dn")) {
          throw new InputException(
              source, line, "entry must start with 'dn:', found '" + name + "'");
        }
        first = false;
        dn = value;
        dnLine = line;
        continue;
      }
      if (name.equals("changetype")) {
        if (!value.equalsIgnoreCase("add")) {
          throw new InputException(
              source, line, "change record (changetype: " + value + ") in an export");
        }
        continue;
      }
      attrs.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }
  }

  private String value(String logical, int colon, long line) {
    if (colon + 1 < logical.length() && logical.charAt(colon + 1) == ':') {
      String b64 = logical.substring(colon + 2).trim();
      try {
        return new String(
            Base64.getMimeDecoder().decode(strictBase64(b64, line)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new InputException(source, line, "invalid base64 value after '::'");
      }
    }
    if (colon + 1 < logical.length() && logical.charAt(colon + 1) == '<') {
      throw new InputException(source, line, "URL values ('attr:< URL') are not supported");
    }
    String v = logical.substring(colon + 1);
    return v.startsWith(" ") ? v.stripLeading() : v;
  }

  private String strictBase64(String b64, long line) {
    for (int i = 0; i < b64.length(); i++) {
      char c = b64.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '=';
      if (!ok) {
        throw new InputException(source, line, "invalid base64 value after '::'");
      }
    }
    return b64;
  }

  /** The next logical (unfolded, non-comment) line; "" for a separator; null at the end. */
  private String nextLogical() {
    while (true) {
      fill();
      if (pending == null) {
        logicalLine = lineNo + 1;
        return null;
      }
      String current = pending;
      long currentLine = pendingLine;
      logicalLine = currentLine;
      pending = null;
      if (current.startsWith(" ")) {
        throw new InputException(source, currentLine, "continuation line with nothing to continue");
      }
      if (current.isEmpty()) {
        return "";
      }
      StringBuilder sb = new StringBuilder(current);
      while (true) {
        fill();
        if (pending != null && pending.startsWith(" ")) {
          sb.append(pending, 1, pending.length());
          pending = null;
        } else {
          break;
        }
      }
      if (sb.charAt(0) == '#') {
        continue;
      }
      return sb.toString();
    }
  }

  private void fill() {
    if (pending != null) {
      return;
    }
    try {
      String l = in.readLine();
      if (l == null) {
        return;
      }
      lineNo++;
      if (lineNo == 1 && !l.isEmpty() && l.charAt(0) == '\uFEFF') {
        l = l.substring(1);
      }
      pending = l;
      pendingLine = lineNo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
