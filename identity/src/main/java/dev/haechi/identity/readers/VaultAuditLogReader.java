package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.model.VaultAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * Reads a HashiCorp Vault file audit device log (one JSON object per line) and keeps the requests
 * by people on the secret locations it is given (FORMATS.md §1.3): operations {@code read}, {@code
 * create}, {@code update} and {@code patch} that succeeded. A request that Vault logged twice (its
 * {@code request} and its {@code response} entry share {@code request.id}) counts once, at the line
 * of its first entry; a request whose entry carries an {@code error} (e.g. permission denied) does
 * not count. The person is {@code auth.metadata.username}, else {@code auth.display_name} without
 * its auth-method prefix ({@code oidc-jkim} → {@code jkim}).
 *
 * <p>Design note: most lines of a real audit log touch no known secret, so each line is first
 * scanned for {@code "path":"…"} inside {@code "request"} with {@code indexOf} and looked up in a
 * hash index of known locations ({@link VaultPathIndex}); only matching lines are parsed as JSON.
 * Every line is still checked to be a JSON object at a glance (starts with {@code {}, ends with
 * {@code }}); a line that is well-framed but malformed inside and touches no known secret is not
 * detected — the price of not parsing millions of irrelevant lines.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/audit">Vault audit devices</a>
 */
public final class VaultAuditLogReader {
  private static final Set<String> CUSTODY_OPERATIONS = Set.of("read", "create", "update", "patch");

  /** What a log yielded: the requests on known secrets, in log order, and how many lines it had. */
  public record Result(List<VaultAccess> accesses, long linesRead) {}

  private VaultAuditLogReader() {}

  public static Result read(Path file, String source, Collection<String> locations) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, source, locations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a log given as text (for tests and small inputs). */
  public static Result read(Reader in, String source, Collection<String> locations) {
    try {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        sb.append(buf, 0, n);
      }
      return read(
          new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
          source,
          locations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws InputException naming the line that is not a JSON object or lacks a needed field
   */
  public static Result read(InputStream in, String source, Collection<String> locations) {
    Scan scan = new Scan(source, new VaultPathIndex(locations));
    try {
      scan.all(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scan.result();
  }

  /** The per-line state of one read. */
  private static final class Scan {
    private final String source;
    private final VaultPathIndex index;
    private final Map<String, VaultAccess> byRequest = new LinkedHashMap<>();
    private final List<VaultAccess> unnamed = new ArrayList<>();
    private final Set<String> denied = new HashSet<>();
    private final Map<String, String> interned = new HashMap<>();
    private long lines;

    Scan(String source, VaultPathIndex index) {
      this.source = source;
      this.index = index;
    }

    /**
     * Reads the stream in large chunks. Each chunk's bytes are viewed as a Latin-1 string (a plain
     * copy, one char per byte) so that {@link String#indexOf}, which the JVM vectorises, finds both
     * the line breaks and the {@code "path":} members; the two position streams are merged, so each
     * byte is scanned once per pattern. Offsets in the string are byte offsets.
     */
    void all(InputStream in) throws IOException {
      byte[] buf = new byte[1 << 18];
      int len = 0;
      while (true) {
        int n = in.read(buf, len, buf.length - len);
        boolean eof = n < 0;
        if (!eof) {
          len += n;
          if (len < buf.length) {
            continue;
          }
        }
        String text = new String(buf, 0, len, StandardCharsets.ISO_8859_1);
        int lastBreak = eof ? len : text.lastIndexOf('\n');
        if (lastBreak < 0) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
          continue;
        }
        chunk(text, buf, lastBreak);
        if (eof) {
          return;
        }
        int rest = len - lastBreak - 1;
        System.arraycopy(buf, lastBreak + 1, buf, 0, rest);
        len = rest;
      }
    }

    /** The lines of {@code text[0, end)}; {@code end} is a line break or the end of the input. */
    private void chunk(String text, byte[] bytes, int end) {
      int pos = 0;
      int nextPath = text.indexOf(PATH_MEMBER);
      while (pos < end) {
        int br = text.indexOf('\n', pos);
        if (br < 0 || br > end) {
          br = end;
        }
        long lineNo = ++lines;
        int from = pos;
        int to = br;
        pos = br + 1;
        while (from < to && isSpace(text.charAt(from))) {
          from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
          to--;
        }
        if (from == to) {
          continue;
        }
        if (text.charAt(from) != '{' || text.charAt(to - 1) != '}') {
          throw new InputException(source, lineNo, "not a JSON object");
        }
        if (nextPath >= 0 && nextPath < from) {
          nextPath = text.indexOf(PATH_MEMBER, from);
        }
        boolean hit = false;
        while (!hit && nextPath >= 0 && nextPath < to && !index.isEmpty()) {
          int valueEnd = knownPathAt(text, bytes, nextPath, to);
          if (valueEnd < 0) {
            hit = true;
          } else {
            nextPath = text.indexOf(PATH_MEMBER, valueEnd);
          }
        }
        if (!hit) {
          continue;
        }
        VaultEntry entry;
        try {
          entry = VaultEntry.parse(bytes, from, to - from);
        } catch (JacksonException e) {
          throw new InputException(source, lineNo, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
          throw new InputException(source, lineNo, e.getMessage());
        }
        take(entry, lineNo);
      }
    }

    /**
     * Looks at the {@code "path":} member at {@code at}: -1 when its value is a path the index
     * knows, else the offset to search on from.
     */
    private int knownPathAt(String text, byte[] bytes, int at, int lineEnd) {
      int i = at + PATH_MEMBER.length();
      while (i < lineEnd && text.charAt(i) == ' ') {
        i++;
      }
      if (i >= lineEnd || text.charAt(i) != '"') {
        return i;
      }
      int close = text.indexOf('"', i + 1);
      if (close < 0 || close > lineEnd) {
        return lineEnd;
      }
      for (int k = i + 1; k < close; k++) {
        if (text.charAt(k) == '\\') {
          return close;
        }
      }
      String path = new String(bytes, i + 1, close - i - 1, StandardCharsets.UTF_8);
      return index.match(path) != null ? -1 : close;
    }

    private void take(VaultEntry entry, long lineNo) {
      String path = entry.path();
      VaultPathIndex.Hit hit = path == null ? null : index.match(path);
      if (hit == null) {
        return;
      }
      String requestId = entry.requestId();
      if (entry.error() != null) {
        if (requestId != null) {
          denied.add(requestId);
        }
        return;
      }
      String op = entry.operation();
      if (op == null || !CUSTODY_OPERATIONS.contains(op)) {
        return;
      }
      String who = person(entry.username(), entry.displayName());
      if (who == null) {
        return;
      }
      String timeText = entry.time();
      if (timeText == null) {
        throw new InputException(source, lineNo, "entry has no 'time'");
      }
      Instant time = Values.fastInstant(timeText);
      if (time == null) {
        try {
          time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
          throw new InputException(source, lineNo, "time '" + timeText + "' is not RFC 3339");
        }
      }
      VaultAccess access =
          new VaultAccess(
              time,
              interned.computeIfAbsent(who, k -> k),
              interned.computeIfAbsent(op, k -> k),
              interned.computeIfAbsent(path, k -> k),
              hit.location(),
              hit.copiesKeyMaterial(),
              new SourceRef(source, lineNo));
      if (requestId == null) {
        unnamed.add(access);
      } else {
        byRequest.putIfAbsent(requestId, access);
      }
    }

    Result result() {
      List<VaultAccess> out = new ArrayList<>(byRequest.size() + unnamed.size());
      for (Map.Entry<String, VaultAccess> e : byRequest.entrySet()) {
        if (!denied.contains(e.getKey())) {
          out.add(e.getValue());
        }
      }
      out.addAll(unnamed);
      out.sort(Comparator.comparingLong(a -> a.source().line()));
      return new Result(out, lines);
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /**
   * The person behind a request: {@code auth.metadata.username}, else {@code auth.display_name}
   * without its auth-method prefix; null for requests without a named caller.
   */
  static String person(String username, String displayName) {
    if (username != null) {
      return username;
    }
    if (displayName == null) {
      return null;
    }
    int dash = displayName.indexOf('-');
    return dash >= 0 && dash + 1 < displayName.length()
        ? displayName.substring(dash + 1)
        : displayName;
  }

  private static final String PATH_MEMBER = "\"path\":";
}
