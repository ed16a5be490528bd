package dev.haechi.detection.identity;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the member ID space: which user IDs exist. Two forms, by file name:
 *
 * <ul>
 *   <li>{@code *.json}: {@code {"members": {"first": 1000000, "count": 250000}, "ids": ["…"]}} —
 *       {@code members} is one range or an array of ranges (IDs {@code first} … {@code first +
 *       count - 1}), {@code ids} optional explicit IDs (strings or numbers); any other member of
 *       the object is an error, so a misspelt key is not silently ignored.
 *   <li>anything else: one ID per line; blank lines and lines starting with {@code #} are skipped.
 * </ul>
 *
 * The whole file is read and checked before anything is returned; errors name the file and line.
 */
public final class MemberIdFile {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final Set<String> TOP = Set.of("members", "ids");

  private MemberIdFile() {}

  public static KnownUserIds read(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.getFileName().toString().endsWith(".json") ? json(source, text) : lines(text);
  }

  /** Parses the JSON form; {@code source} names it in errors. */
  public static KnownUserIds json(String source, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputException(
          source, line, "not JSON: " + dev.haechi.core.JsonErrors.plain(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InputException(source, 1, "expected a JSON object with 'members' and/or 'ids'");
    }
    for (String name : root.propertyNames()) {
      if (!TOP.contains(name)) {
        throw new InputException(
            source, 0, "unknown member '" + name + "' (expected members, ids)");
      }
    }
    KnownUserIds.Builder b = KnownUserIds.builder();
    JsonNode members = root.get("members");
    if (members != null) {
      List<JsonNode> ranges = new ArrayList<>();
      if (members.isArray()) {
        members.values().forEach(ranges::add);
      } else {
        ranges.add(members);
      }
      for (JsonNode r : ranges) {
        if (!r.isObject()
            || !r.path("first").isIntegralNumber()
            || !r.path("count").isIntegralNumber()
            || r.size() != 2) {
          throw new InputException(
              source, 0, "a member range is {\"first\": N, \"count\": N}, found " + r);
        }
        long first = r.get("first").asLong();
        long count = r.get("count").asLong();
        if (first < 0 || count < 0) {
          throw new InputException(source, 0, "member range with a negative number: " + r);
        }
        b.range(first, count);
      }
    }
    JsonNode ids = root.get("ids");
    if (ids != null) {
      if (!ids.isArray()) {
        throw new InputException(source, 0, "'ids' must be an array");
      }
      for (JsonNode id : ids.values()) {
        if (!id.isString() && !id.isIntegralNumber()) {
          throw new InputException(source, 0, "an id must be a string or an integer, found " + id);
        }
        b.add(id.asString());
      }
    }
    return b.build();
  }

  /** Parses the one-ID-per-line form. */
  public static KnownUserIds lines(String text) {
    KnownUserIds.Builder b = KnownUserIds.builder();
    for (String line : text.split("\r?\n")) {
      String id = line.strip();
      if (!id.isEmpty() && !id.startsWith("#")) {
        b.add(id);
      }
    }
    return b.build();
  }
}
