package dev.haechi.breach.event;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads access events from JSON Lines (FORMATS.md §2). A line is valid when it is a JSON object
 * with an ISO-8601 {@code @timestamp} carrying an offset, and every field the store keeps has the
 * right shape (objects where ECS nests, scalars, {@code data.*} arrays of scalars). Blank lines are
 * skipped. A bad line is reported with its reason and never stops the file.
 */
public final class AccessEventReader {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  /** A line that could not be taken, as {@code FILE:LINE: reason}. */
  public record BadLine(String file, long line, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  private AccessEventReader() {}

  /** Reads every line of {@code file}: valid events to {@code events}, the rest to {@code bad}. */
  public static void read(Path file, Consumer<AccessEvent> events, List<BadLine> bad)
      throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read(in, file.toString(), events, bad);
    }
  }

  /** As {@link #read(Path, Consumer, List)}, from any reader; {@code name} names it in errors. */
  public static void read(
      BufferedReader in, String name, Consumer<AccessEvent> events, List<BadLine> bad)
      throws IOException {
    String line;
    long n = 0;
    while ((line = in.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      try {
        events.accept(parse(line));
      } catch (IllegalArgumentException e) {
        bad.add(new BadLine(name, n, e.getMessage()));
      }
    }
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException naming the field and the problem
   */
  public static AccessEvent parse(String line) {
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "not valid JSON (" + e.getOriginalMessage().split("\n", 2)[0] + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode ts = root.get("@timestamp");
    if (ts == null || ts.isNull()) {
      throw new IllegalArgumentException("@timestamp: missing");
    }
    if (!ts.isString()) {
      throw new IllegalArgumentException("@timestamp: not a string");
    }
    long micros = micros(ts.asString());
    JsonNode event = object(root, "event", "event");
    JsonNode service = object(root, "service", "service");
    JsonNode user = object(root, "user", "user");
    JsonNode source = object(root, "source", "source");
    JsonNode geo = object(source, "geo", "source.geo");
    JsonNode url = object(root, "url", "url");
    JsonNode http = object(root, "http", "http");
    JsonNode request = object(http, "request", "http.request");
    JsonNode response = object(http, "response", "http.response");
    JsonNode token = object(root, "token", "token");
    JsonNode data = object(root, "data", "data");
    return new AccessEvent(
        micros,
        text(event, "action", "event.action"),
        text(event, "outcome", "event.outcome"),
        text(service, "name", "service.name"),
        text(user, "id", "user.id"),
        text(source, "ip", "source.ip"),
        text(geo, "country_iso_code", "source.geo.country_iso_code"),
        text(request, "method", "http.request.method"),
        text(url, "path", "url.path"),
        integer(response, "status_code", "http.response.status_code"),
        text(token, "kid", "token.kid"),
        text(token, "sub", "token.sub"),
        text(token, "iss", "token.iss"),
        integer(token, "iat", "token.iat"),
        integer(token, "exp", "token.exp"),
        array(data, "subject_ids", "data.subject_ids"),
        array(data, "categories", "data.categories"));
  }

  /** An ISO-8601 instant with an offset ({@code Z} or {@code +09:00}) in epoch microseconds. */
  public static long micros(String text) {
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "@timestamp: not an ISO-8601 date-time with offset: " + text);
    }
    if (t.getYear() < 1000 || t.getYear() > 9999) {
      throw new IllegalArgumentException("@timestamp: year out of range: " + text);
    }
    // seconds × 10⁶ plus whole microseconds (floor): no overflow up to year 9999, where
    // ChronoUnit.MICROS.between goes through nanoseconds and overflows after 2262
    java.time.Instant i = t.toInstant();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  private static JsonNode object(JsonNode parent, String name, String path) {
    if (parent == null) {
      return null;
    }
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(path + ": not an object");
    }
    return n;
  }

  private static String text(JsonNode parent, String name, String path) {
    if (parent == null) {
      return null;
    }
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isString() || n.isNumber() || n.isBoolean()) {
      return n.isBoolean() ? (n.asBoolean() ? "true" : "false") : n.asString();
    }
    throw new IllegalArgumentException(path + ": not a string");
  }

  private static Long integer(JsonNode parent, String name, String path) {
    if (parent == null) {
      return null;
    }
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isString()) {
      try {
        return Long.parseLong(n.asString().strip());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new IllegalArgumentException(path + ": not an integer");
  }

  private static List<String> array(JsonNode parent, String name, String path) {
    if (parent == null) {
      return List.of();
    }
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(path + ": not an array");
    }
    List<String> out = new ArrayList<>(n.size());
    for (JsonNode item : n) {
      if (item.isString() || item.isIntegralNumber()) {
        out.add(item.asString());
      } else {
        throw new IllegalArgumentException(path + ": items must be strings");
      }
    }
    return out;
  }
}
