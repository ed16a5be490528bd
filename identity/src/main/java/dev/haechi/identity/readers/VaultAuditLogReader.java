package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.model.VaultAccess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

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
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source, locations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws InputException naming the line that is not a JSON object or lacks a needed field
   */
  public static Result read(Reader in, String source, Collection<String> locations) {
    VaultPathIndex index = new VaultPathIndex(locations);
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    Map<String, VaultAccess> byRequest = new LinkedHashMap<>();
    List<VaultAccess> unnamed = new ArrayList<>();
    Set<String> denied = new HashSet<>();
    Map<String, String> interned = new HashMap<>();
    long lineNo = 0;
    try {
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        String l = line.strip();
        if (l.isEmpty()) {
          continue;
        }
        if (l.charAt(0) != '{' || l.charAt(l.length() - 1) != '}') {
          throw new InputException(source, lineNo, "not a JSON object");
        }
        if (index.isEmpty()) {
          continue;
        }
        String path = knownRequestPath(l, index);
        if (path == null) {
          continue;
        }
        JsonNode entry;
        try {
          entry = JsonArrayDocument.MAPPER.readTree(l);
        } catch (JacksonException e) {
          throw new InputException(source, lineNo, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode request = entry.path("request");
        String parsedPath = JsonArrayDocument.text(request, "path");
        VaultPathIndex.Hit hit = parsedPath == null ? null : index.match(parsedPath);
        if (hit == null) {
          continue;
        }
        path = parsedPath;
        String requestId = JsonArrayDocument.text(request, "id");
        String error = JsonArrayDocument.text(entry, "error");
        if (error != null) {
          if (requestId != null) {
            denied.add(requestId);
          }
          continue;
        }
        String op = JsonArrayDocument.text(request, "operation");
        if (op == null || !CUSTODY_OPERATIONS.contains(op)) {
          continue;
        }
        String who = person(entry.path("auth"));
        if (who == null) {
          continue;
        }
        String timeText = JsonArrayDocument.text(entry, "time");
        if (timeText == null) {
          throw new InputException(source, lineNo, "entry has no 'time'");
        }
        Instant time;
        try {
          time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
          throw new InputException(source, lineNo, "time '" + timeText + "' is not RFC 3339");
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<VaultAccess> out = new ArrayList<>(byRequest.size() + unnamed.size());
    for (Map.Entry<String, VaultAccess> e : byRequest.entrySet()) {
      if (!denied.contains(e.getKey())) {
        out.add(e.getValue());
      }
    }
    out.addAll(unnamed);
    out.sort(java.util.Comparator.comparingLong(a -> a.source().line()));
    return new Result(out, lineNo);
  }

  /** The person behind a request, or null for requests without a named caller. */
  static String person(JsonNode auth) {
    String user = JsonArrayDocument.text(auth.path("metadata"), "username");
    if (user != null) {
      return user;
    }
    String display = JsonArrayDocument.text(auth, "display_name");
    if (display == null) {
      return null;
    }
    int dash = display.indexOf('-');
    return dash >= 0 && dash + 1 < display.length() ? display.substring(dash + 1) : display;
  }

  /**
   * The first {@code "path":"…"} value after {@code "request":} in a compact JSON line that the
   * index knows, without parsing the line; null when there is none. Every {@code path} member after
   * {@code "request":} is tried, because a request may hold other objects with a path (an
   * Enterprise namespace). A value holding an escape is skipped: Vault paths have none.
   */
  static String knownRequestPath(String line, VaultPathIndex index) {
    int req = line.indexOf("\"request\":");
    if (req < 0) {
      return null;
    }
    int from = req;
    while (true) {
      int p = line.indexOf("\"path\":", from);
      if (p < 0) {
        return null;
      }
      int i = p + 7;
      while (i < line.length() && line.charAt(i) == ' ') {
        i++;
      }
      from = i;
      if (i >= line.length() || line.charAt(i) != '"') {
        continue;
      }
      int end = line.indexOf('"', i + 1);
      if (end < 0) {
        return null;
      }
      String path = line.substring(i + 1, end);
      if (path.indexOf('\\') < 0 && index.match(path) != null) {
        return path;
      }
      from = end;
    }
  }
}
