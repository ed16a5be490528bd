package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.model.VaultAccess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.Callable;
import tools.jackson.core.JacksonException;

/**
 * Reads a HashiCorp Vault file audit device log (one JSON object per line) and keeps the requests
 * by people on the secret locations it is given (FORMATS.md §1.3): operations {@code read}, {@code
 * create}, {@code update} and {@code patch} that succeeded. A request that Vault logged twice (its
 * {@code request} and its {@code response} entry share {@code request.id}) counts once, at the line
 * of its first entry; a request whose entry carries an {@code error} (e.g. permission denied) does
 * not count. The person is {@code auth.metadata.username}, else {@code auth.metadata.email}, else
 * {@code auth.display_name} without its auth-method prefix ({@code oidc-jkim} → {@code jkim}).
 *
 * <p>An OIDC login whose role takes the numeric subject as its user claim shows as {@code
 * oidc-1000234}: that number is no username, and matching it as one could name the wrong person. It
 * is attributed through {@code auth.metadata.email} when the role maps the e-mail claim, else
 * through the entity alias: another request of the same Vault identity entity ({@code
 * auth.entity_id}) anywhere in the log that names the person (e.g. the same engineer's LDAP login,
 * {@code ldap-jkim}). Without either it stays as Vault wrote it ({@code oidc-1000234}), which
 * custody lists as unresolved.
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
  static final Set<String> CUSTODY_OPERATIONS = Set.of("read", "create", "update", "patch");

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
   * The reference read: one pass over the whole stream.
   *
   * @throws InputException naming the line that is not a JSON object or lacks a needed field
   */
  public static Result read(InputStream in, String source, Collection<String> locations) {
    return read(in, source, locations, false);
  }

  /**
   * The reference scan of {@link #read(InputStream, String, Collection)}: each chunk copied into a
   * Latin-1 string and searched with {@link String#indexOf}, as before the log was scanned as
   * bytes. Kept for {@code VaultByteScanTest}, which checks that both scans read every log alike.
   */
  public static Result readReference(InputStream in, String source, Collection<String> locations) {
    return read(in, source, locations, true);
  }

  private static Result read(
      InputStream in, String source, Collection<String> locations, boolean reference) {
    Scan scan = new Scan(source, new VaultPathIndex(locations));
    scan.reference = reference;
    try {
      scan.all(in, Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (LineError e) {
      throw e.at(source, 0);
    }
    List<Part> parts = List.of(new Part(scan, null));
    return reference ? joinReference(source, parts) : join(source, parts);
  }

  /**
   * The log cut at line breaks into about {@code count} slices, one task each, so that slices can
   * be read at the same time; {@link #join} puts their results together into exactly what {@link
   * #read(Path, String, Collection)} returns (or throws).
   *
   * <p>Design note: a slice does not know how many lines come before it, so it counts its own and
   * keeps an error as "its line N"; {@code join} adds the earlier slices' counts. A request whose
   * two entries fall into different slices is still counted once, at its first entry, because
   * slices are joined in order with first-wins; a denial anywhere still cancels it.
   */
  public static List<Callable<Part>> parts(
      Path file, String source, Collection<String> locations, int count) {
    VaultPathIndex index = new VaultPathIndex(locations);
    List<Long> cuts = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      cuts.add(0L);
      for (int k = 1; k < count; k++) {
        long cut = lineStartAtOrAfter(ch, size * k / count, size);
        if (cut > cuts.get(cuts.size() - 1) && cut < size) {
          cuts.add(cut);
        }
      }
      cuts.add(size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Callable<Part>> tasks = new ArrayList<>();
    for (int k = 0; k + 1 < cuts.size(); k++) {
      long from = cuts.get(k);
      long to = cuts.get(k + 1);
      tasks.add(() -> readPart(file, source, index, from, to));
    }
    return tasks;
  }

  /**
   * The slices' results in log order as one result.
   *
   * @throws InputException for the first bad line of the log, numbered from the log's start
   */
  public static Result join(String source, List<Part> parts) {
    Joiner joiner = new Joiner(source);
    for (Part part : parts) {
      joiner.add(part);
    }
    return joiner.result();
  }

  /**
   * Joins slices one at a time, in log order, as they are read: {@link #add} each slice's result in
   * order, then {@link #result} gives exactly what {@link #join} gives for the same list (or throws
   * the same error). A reader can so join the first slices while later ones are still being read,
   * instead of joining them all after the last one.
   *
   * <p>Design note: each slice kept its requests in line order and slices come in log order, so
   * keeping every request's first entry (first wins across slices too) gives the accesses in line
   * order, each made once with its line in the whole log. Two things are only known after the last
   * slice, and are applied to the few requests they concern in {@link #result}: a denial anywhere
   * in the log cancels a request, and a caller named only by a numeric OIDC subject takes the name
   * another request of its Vault entity gave anywhere in the log.
   */
  public static final class Joiner {
    private final String source;
    private final Set<String> denied = new HashSet<>();
    private final Map<String, String> entityNames = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<VaultAccess> out = new ArrayList<>();

    /** The request ID of each access in {@link #out}, index for index (null: it has none). */
    private final List<String> ids = new ArrayList<>();

    /** Indexes into {@link #out} of accesses whose caller is a numeric subject, and its entity. */
    private final List<Integer> numeric = new ArrayList<>();

    private final List<String> numericEntities = new ArrayList<>();
    private long offset;
    private LineError error;
    private long errorOffset;

    public Joiner(String source) {
      this.source = source;
    }

    /** The next slice in log order (ignored after a slice that failed: the log is bad). */
    public void add(Part part) {
      if (error != null) {
        return;
      }
      if (part.error != null) {
        error = part.error;
        errorOffset = offset;
        return;
      }
      Scan scan = part.scan;
      for (Map.Entry<String, String> e : scan.entityNames.entrySet()) {
        entityNames.putIfAbsent(e.getKey(), e.getValue());
      }
      denied.addAll(scan.denied);
      for (Taken t : scan.taken) {
        if (t.requestId != null && !seen.add(t.requestId)) {
          continue;
        }
        if (t.entity != null) {
          numeric.add(out.size());
          numericEntities.add(t.entity);
        }
        ids.add(t.requestId);
        out.add(
            new VaultAccess(
                t.time,
                t.who,
                t.operation,
                t.path,
                t.hit.location(),
                t.hit.copiesKeyMaterial(),
                new SourceRef(source, t.line + offset)));
      }
      offset += scan.lines;
    }

    /**
     * The joined log.
     *
     * @throws InputException for the first bad line of the log, numbered from the log's start
     */
    public Result result() {
      if (error != null) {
        throw error.at(source, errorOffset);
      }
      for (int k = 0; k < numeric.size(); k++) {
        String name = entityNames.get(numericEntities.get(k));
        if (name != null) {
          int i = numeric.get(k);
          VaultAccess a = out.get(i);
          out.set(
              i,
              new VaultAccess(
                  a.time(),
                  name,
                  a.operation(),
                  a.path(),
                  a.location(),
                  a.copiesKeyMaterial(),
                  a.source()));
        }
      }
      if (denied.isEmpty()) {
        return new Result(new ArrayList<>(out), offset);
      }
      List<VaultAccess> kept = new ArrayList<>(out.size());
      for (int i = 0; i < out.size(); i++) {
        String id = ids.get(i);
        if (id == null || !denied.contains(id)) {
          kept.add(out.get(i));
        }
      }
      return new Result(kept, offset);
    }
  }

  /**
   * A request a slice kept, before {@link #join}: its line within the slice, its request ID (null
   * when it has none) and, for a caller named only by a numeric OIDC subject, its entity.
   */
  private record Taken(
      Instant time,
      String who,
      String operation,
      String path,
      VaultPathIndex.Hit hit,
      long line,
      String requestId,
      String entity) {}

  /**
   * The reference join, as before slices kept their requests as {@link Taken}: requests by ID in
   * maps, first wins, each access shifted to its line in the log, then sorted by line. Kept for
   * {@code VaultAuditLogPartsTest}, which checks {@link #join} gives the same result.
   */
  static Result joinReference(String source, List<Part> parts) {
    Map<String, VaultAccess> byRequest = new LinkedHashMap<>();
    List<VaultAccess> unnamed = new ArrayList<>();
    Set<String> denied = new HashSet<>();
    Map<String, String> entityNames = new HashMap<>();
    for (Part part : parts) {
      if (part.error != null) {
        break;
      }
      for (Map.Entry<String, String> e : part.scan.entityNames.entrySet()) {
        entityNames.putIfAbsent(e.getKey(), e.getValue());
      }
    }
    long offset = 0;
    for (Part part : parts) {
      if (part.error != null) {
        throw part.error.at(source, offset);
      }
      Scan scan = part.scan;
      Map<String, VaultAccess> partByRequest = new LinkedHashMap<>();
      for (Taken t : scan.taken) {
        VaultAccess a = referenceAccess(t, entityNames, source, offset);
        if (t.requestId == null) {
          unnamed.add(a);
        } else {
          partByRequest.putIfAbsent(t.requestId, a);
        }
      }
      for (Map.Entry<String, VaultAccess> e : partByRequest.entrySet()) {
        byRequest.putIfAbsent(e.getKey(), e.getValue());
      }
      denied.addAll(scan.denied);
      offset += scan.lines;
    }
    List<VaultAccess> out = new ArrayList<>(byRequest.size() + unnamed.size());
    for (Map.Entry<String, VaultAccess> e : byRequest.entrySet()) {
      if (!denied.contains(e.getKey())) {
        out.add(e.getValue());
      }
    }
    out.addAll(unnamed);
    out.sort(Comparator.comparingLong(a -> a.source().line()));
    return new Result(out, offset);
  }

  private static VaultAccess referenceAccess(
      Taken t, Map<String, String> entityNames, String source, long offset) {
    String name = t.entity == null ? null : entityNames.get(t.entity);
    return new VaultAccess(
        t.time,
        name != null ? name : t.who,
        t.operation,
        t.path,
        t.hit.location(),
        t.hit.copiesKeyMaterial(),
        new SourceRef(source, t.line + offset));
  }

  /** One slice's result, for {@link #join}; opaque. */
  public static final class Part {
    private final Scan scan;
    private final LineError error;

    private Part(Scan scan, LineError error) {
      this.scan = scan;
      this.error = error;
    }
  }

  private static Part readPart(Path file, String source, VaultPathIndex index, long from, long to) {
    Scan scan = new Scan(source, index);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.position(from);
      scan.all(Channels.newInputStream(ch), to - from);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (LineError e) {
      return new Part(null, e);
    }
    return new Part(scan, null);
  }

  /** The offset of the first line that starts at or after {@code at}. */
  private static long lineStartAtOrAfter(FileChannel ch, long at, long size) throws IOException {
    if (at <= 0) {
      return 0;
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    long pos = at - 1;
    while (pos < size) {
      buf.clear();
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      for (int k = 0; k < n; k++) {
        if (buf.get(k) == '\n') {
          return pos + k + 1;
        }
      }
      pos += n;
    }
    return size;
  }

  /** A bad line, numbered within its slice until {@link #at} places it in the log. */
  private static final class LineError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long line;
    private final String reason;

    LineError(long line, String reason, Throwable cause) {
      super(reason, cause, false, false);
      this.line = line;
      this.reason = reason;
    }

    InputException at(String source, long offset) {
      return getCause() == null
          ? new InputException(source, offset + line, reason)
          : new InputException(source, offset + line, reason, getCause());
    }
  }

  /** The per-line state of one read. */
  private static final class Scan {
    private final String source;
    private final VaultPathIndex index;
    private final List<Taken> taken = new ArrayList<>();
    private final Set<String> denied = new HashSet<>();
    private final Map<String, String> interned = new HashMap<>();

    /** Vault entity → the first name a request of it gave (username, e-mail or display name). */
    private final Map<String, String> entityNames = new HashMap<>();

    private long lines;

    /** Scans the matching lines' entries, one after the other. */
    private final VaultEntryScanner scanner = new VaultEntryScanner();

    /**
     * The known path {@link #knownPathAt} last found on the current line: its value's offsets in
     * the chunk, the string and its hit ({@code knownFrom} -1: none). When the entry's {@code
     * request.path} is that same stretch of bytes, {@link #take(VaultEntryScanner, long)} uses them
     * instead of making and matching the path again.
     */
    private int knownFrom = -1;

    private int knownTo;
    private String knownPath;
    private VaultPathIndex.Hit knownHit;

    /** True: scan each chunk as a Latin-1 string (the reference); false: scan its bytes. */
    private boolean reference;

    Scan(String source, VaultPathIndex index) {
      this.source = source;
      this.index = index;
    }

    /**
     * Reads the stream in large chunks and scans each chunk's bytes where they are: line breaks and
     * {@code "path":} members are found eight bytes at a time ({@link #indexOf}), and only a line
     * whose path the index knows is looked at further. Nothing is copied per chunk (the reference
     * scan copies each chunk into a Latin-1 string to use {@link String#indexOf}, which is 1.7 GB
     * of copies for a 5-million-line log).
     */
    void all(InputStream in, long limit) throws IOException {
      byte[] buf = new byte[1 << 18];
      int len = 0;
      long remaining = limit;
      while (true) {
        int n =
            remaining <= 0 ? -1 : in.read(buf, len, (int) Math.min(buf.length - len, remaining));
        boolean eof = n < 0;
        if (!eof) {
          len += n;
          remaining -= n;
          if (len < buf.length && remaining > 0) {
            continue;
          }
          eof = remaining <= 0;
        }
        String text = reference ? new String(buf, 0, len, StandardCharsets.ISO_8859_1) : null;
        int lastBreak =
            eof ? len : reference ? text.lastIndexOf('\n') : lastIndexOf(buf, len, (byte) '\n');
        if (lastBreak < 0) {
          buf = java.util.Arrays.copyOf(buf, buf.length * 2);
          continue;
        }
        if (reference) {
          chunk(text, buf, lastBreak);
        } else {
          chunk(buf, lastBreak);
        }
        if (eof) {
          return;
        }
        int rest = len - lastBreak - 1;
        System.arraycopy(buf, lastBreak + 1, buf, 0, rest);
        len = rest;
      }
    }

    /** The lines of {@code b[0, end)}; {@code end} is a line break or the end of the input. */
    private void chunk(byte[] b, int end) {
      int pos = 0;
      int nextPath = indexOfPath(b, 0, end);
      while (pos < end) {
        int br = indexOf(b, pos, end, (byte) '\n');
        if (br < 0) {
          br = end;
        }
        long lineNo = ++lines;
        int from = pos;
        int to = br;
        pos = br + 1;
        while (from < to && isSpace(b[from])) {
          from++;
        }
        while (to > from && isSpace(b[to - 1])) {
          to--;
        }
        if (from == to) {
          continue;
        }
        if (b[from] != '{' || b[to - 1] != '}') {
          throw new LineError(lineNo, "not a JSON object", null);
        }
        if (nextPath >= 0 && nextPath < from) {
          nextPath = indexOfPath(b, from, end);
        }
        boolean hit = false;
        while (!hit && nextPath >= 0 && nextPath < to && !index.isEmpty()) {
          int valueEnd = knownPathAt(b, nextPath, to);
          if (valueEnd < 0) {
            hit = true;
          } else {
            nextPath = indexOfPath(b, valueEnd, end);
          }
        }
        if (hit) {
          parse(b, from, to, lineNo);
        }
      }
    }

    /** As {@link #knownPathAt(String, byte[], int, int)}, on the bytes. */
    private int knownPathAt(byte[] b, int at, int lineEnd) {
      int i = at + PATH_MEMBER.length();
      while (i < lineEnd && b[i] == ' ') {
        i++;
      }
      if (i >= lineEnd || b[i] != '"') {
        return i;
      }
      int close = indexOf(b, i + 1, lineEnd, (byte) '"');
      if (close < 0) {
        return lineEnd;
      }
      for (int k = i + 1; k < close; k++) {
        if (b[k] == '\\') {
          return close;
        }
      }
      if (!index.mayMatch(b, i + 1, close)) {
        return close;
      }
      String path = new String(b, i + 1, close - i - 1, StandardCharsets.UTF_8);
      VaultPathIndex.Hit hit = index.match(path);
      if (hit == null) {
        return close;
      }
      knownFrom = i + 1;
      knownTo = close;
      knownPath = path;
      knownHit = hit;
      return -1;
    }

    /** Parses a line that touches a known location and takes its request. */
    private void parse(byte[] bytes, int from, int to, long lineNo) {
      try {
        if (scanner.read(bytes, from, to)) {
          take(scanner, lineNo);
          return;
        }
      } finally {
        knownFrom = -1;
      }
      take(parseLine(bytes, from, to, lineNo), lineNo);
    }

    /**
     * The entry of line {@code lineNo}, {@code bytes[from, to)}, parsed as JSON; its error named.
     */
    private static VaultEntry parseLine(byte[] bytes, int from, int to, long lineNo) {
      try {
        return VaultEntry.parse(bytes, from, to - from);
      } catch (JacksonException e) {
        throw new LineError(
            lineNo,
            "malformed JSON: " + dev.haechi.core.JsonErrors.plain(e.getOriginalMessage()),
            e);
      } catch (IllegalArgumentException e) {
        throw new LineError(lineNo, e.getMessage(), null);
      }
    }

    /**
     * The reference scan of the lines of {@code text[0, end)}; {@code end} is a line break or the
     * end of the input.
     */
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
          throw new LineError(lineNo, "not a JSON object", null);
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
        VaultEntry entry = VaultEntryScanner.scan(bytes, from, to - from);
        if (entry == null) {
          entry = parseLine(bytes, from, to, lineNo);
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
      if (!index.mayMatch(bytes, i + 1, close)) {
        return close;
      }
      String path = new String(bytes, i + 1, close - i - 1, StandardCharsets.UTF_8);
      return index.match(path) != null ? -1 : close;
    }

    /**
     * As {@link #take(VaultEntry, long)} on {@code e.entry()}, making only the strings it keeps:
     * the operation is compared as bytes, the display name is made only when no username or e-mail
     * names the caller, and the path is the one {@link #knownPathAt} made when it is the same
     * bytes. {@code VaultByteScanTest} checks the byte scan (this) against the reference scan
     * (which takes every entry as strings).
     */
    private void take(VaultEntryScanner e, long lineNo) {
      if (!e.has(VaultEntryScanner.PATH)) {
        return;
      }
      String path;
      VaultPathIndex.Hit hit;
      if (e.from(VaultEntryScanner.PATH) == knownFrom && e.to(VaultEntryScanner.PATH) == knownTo) {
        path = knownPath;
        hit = knownHit;
      } else {
        path = e.text(VaultEntryScanner.PATH);
        hit = index.match(path);
        if (hit == null) {
          return;
        }
      }
      String requestId = e.text(VaultEntryScanner.REQUEST_ID);
      String named =
          e.has(VaultEntryScanner.USERNAME)
              ? e.text(VaultEntryScanner.USERNAME)
              : e.has(VaultEntryScanner.EMAIL)
                  ? e.text(VaultEntryScanner.EMAIL)
                  : e.has(VaultEntryScanner.DISPLAY_NAME)
                      ? person(null, null, e.text(VaultEntryScanner.DISPLAY_NAME))
                      : null;
      if (named != null && e.has(VaultEntryScanner.ENTITY_ID)) {
        entityNames.putIfAbsent(e.text(VaultEntryScanner.ENTITY_ID), named);
      }
      if (e.has(VaultEntryScanner.ERROR)) {
        if (requestId != null) {
          denied.add(requestId);
        }
        return;
      }
      String op =
          e.textIs(VaultEntryScanner.OPERATION, "read")
              ? "read"
              : e.textIs(VaultEntryScanner.OPERATION, "update")
                  ? "update"
                  : e.textIs(VaultEntryScanner.OPERATION, "create")
                      ? "create"
                      : e.textIs(VaultEntryScanner.OPERATION, "patch") ? "patch" : null;
      if (op == null) {
        return;
      }
      String who = named;
      boolean numericSubject = false;
      if (who == null) {
        if (!e.has(VaultEntryScanner.DISPLAY_NAME)) {
          return;
        }
        who = e.text(VaultEntryScanner.DISPLAY_NAME);
        numericSubject = true;
      }
      // A time of the usual shape is read from the bytes; any other goes the string's way.
      long seconds = e.fastSeconds(VaultEntryScanner.TIME);
      add(
          seconds != Values.NO_SECONDS
              ? Instant.ofEpochSecond(seconds)
              : time(e.text(VaultEntryScanner.TIME), lineNo),
          who,
          op,
          path,
          hit,
          lineNo,
          requestId,
          numericSubject ? e.text(VaultEntryScanner.ENTITY_ID) : null);
    }

    private void take(VaultEntry entry, long lineNo) {
      String path = entry.path();
      VaultPathIndex.Hit hit = path == null ? null : index.match(path);
      if (hit == null) {
        return;
      }
      String requestId = entry.requestId();
      String named = person(entry.username(), entry.email(), entry.displayName());
      if (named != null && entry.entityId() != null) {
        entityNames.putIfAbsent(entry.entityId(), named);
      }
      if (entry.error() != null) {
        if (requestId != null) {
          denied.add(requestId);
        }
        return;
      }
      String op = custodyOperation(entry.operation());
      if (op == null) {
        return;
      }
      String who = named;
      boolean numericSubject = false;
      if (who == null) {
        if (entry.displayName() == null) {
          return;
        }
        who = entry.displayName();
        numericSubject = true;
      }
      add(
          entry.time(),
          who,
          op,
          path,
          hit,
          lineNo,
          requestId,
          numericSubject ? entry.entityId() : null);
    }

    /** Keeps a request whose caller, operation and location are known; its time still to read. */
    private void add(
        String timeText,
        String who,
        String op,
        String path,
        VaultPathIndex.Hit hit,
        long lineNo,
        String requestId,
        String entity) {
      add(time(timeText, lineNo), who, op, path, hit, lineNo, requestId, entity);
    }

    /** The entry's time. */
    private static Instant time(String timeText, long lineNo) {
      if (timeText == null) {
        throw new LineError(lineNo, "entry has no 'time'", null);
      }
      Instant time = Values.fastInstant(timeText);
      if (time == null) {
        try {
          time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
          throw new LineError(lineNo, "time '" + timeText + "' is not RFC 3339", null);
        }
      }
      return time;
    }

    private void add(
        Instant time,
        String who,
        String op,
        String path,
        VaultPathIndex.Hit hit,
        long lineNo,
        String requestId,
        String entity) {
      taken.add(
          new Taken(
              time,
              interned.computeIfAbsent(who, k -> k),
              op,
              path.equals(hit.location()) ? hit.location() : interned.computeIfAbsent(path, k -> k),
              hit,
              lineNo,
              requestId,
              entity));
    }
  }

  /**
   * The operation as one shared constant when it is one of {@link #CUSTODY_OPERATIONS}, else null:
   * the membership test and the interning in one step, without a map lookup per request.
   */
  static String custodyOperation(String op) {
    if (op == null) {
      return null;
    }
    return switch (op) {
      case "read" -> "read";
      case "create" -> "create";
      case "update" -> "update";
      case "patch" -> "patch";
      default -> null;
    };
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /**
   * The first offset in {@code b[from, to)} holding {@code c}, or -1. Eight bytes at a time: {@code
   * (x - ONES) & ~x & HIGHS}, with {@code x} the word XOR {@code c} in every byte, marks the bytes
   * equal to {@code c}; the lowest mark (little-endian: the first byte) is always exact.
   */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = (c & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ pattern;
      long found = (x - ONES) & ~x & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** The last offset in {@code b[0, len)} holding {@code c}, or -1. */
  private static int lastIndexOf(byte[] b, int len, byte c) {
    for (int i = len - 1; i >= 0; i--) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The first offset in {@code b[from, to)} where a whole {@code "path":} member starts, or -1:
   * found by its {@code h} (rarer in audit lines than quotes or colons), then checked around it.
   */
  static int indexOfPath(byte[] b, int from, int to) {
    int k = from + 4;
    while (k < to - 2) {
      int h = indexOf(b, k, to - 2, (byte) 'h');
      if (h < 0) {
        return -1;
      }
      int m = h - 4;
      if (b[m] == '"'
          && b[m + 1] == 'p'
          && b[m + 2] == 'a'
          && b[m + 3] == 't'
          && b[h + 1] == '"'
          && b[h + 2] == ':') {
        return m;
      }
      k = h + 1;
    }
    return -1;
  }

  /**
   * The person behind a request: {@code auth.metadata.username}, else {@code auth.metadata.email},
   * else {@code auth.display_name} without its auth-method prefix; null for requests without a
   * named caller, and for a display name whose rest is a number (an OIDC subject such as {@code
   * oidc-1000234}, which names no one by itself).
   */
  static String person(String username, String email, String displayName) {
    if (username != null) {
      return username;
    }
    if (email != null) {
      return email;
    }
    if (displayName == null) {
      return null;
    }
    int dash = displayName.indexOf('-');
    String rest =
        dash >= 0 && dash + 1 < displayName.length()
            ? displayName.substring(dash + 1)
            : displayName;
    return isNumber(rest) ? null : rest;
  }

  private static boolean isNumber(String s) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static final String PATH_MEMBER = "\"path\":";
}
