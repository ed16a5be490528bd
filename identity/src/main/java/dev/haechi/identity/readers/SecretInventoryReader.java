package dev.haechi.identity.readers;

import dev.haechi.core.Durations;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.SecretKind;
import dev.haechi.identity.model.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the secrets inventory CSV of FORMATS.md §1.3: {@code
 * secret_id,kind,system,location,created,last_rotated,max_age,custodians}. {@code secret_id} and
 * {@code kind} are required; {@code custodians} is a {@code ;}-separated list of employee IDs; an
 * empty {@code max_age} means the kind's default policy.
 */
public final class SecretInventoryReader {
  private SecretInventoryReader() {}

  public static List<Secret> read(Path file, String source) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws dev.haechi.core.InputException naming the line of a bad or duplicate row
   */
  public static List<Secret> read(Reader in, String source) {
    CsvTable t = new CsvTable(in, source, List.of("secret_id", "kind"));
    List<Secret> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    while (t.next()) {
      String id = t.get("secret_id");
      if (id == null) {
        throw t.error("secret_id is empty");
      }
      Long first = seen.putIfAbsent(id, t.line());
      if (first != null) {
        throw t.error("secret_id " + id + " already appears on line " + first);
      }
      String kindText = t.get("kind");
      SecretKind kind = kindText == null ? null : SecretKind.parseOrNull(kindText);
      if (kind == null) {
        throw t.error(
            "kind '"
                + kindText
                + "' is not one of signing-key, api-key, access-key, ssh-key, password,"
                + " certificate, other");
      }
      Duration maxAge = null;
      String maxAgeText = t.get("max_age");
      if (maxAgeText != null) {
        try {
          maxAge = Durations.parse(maxAgeText);
        } catch (IllegalArgumentException e) {
          throw t.error("max_age: " + e.getMessage());
        }
        if (maxAge.isZero() || maxAge.isNegative()) {
          throw t.error("max_age must be longer than zero");
        }
      }
      List<String> custodians = new ArrayList<>();
      String c = t.get("custodians");
      if (c != null) {
        for (String part : c.split(";")) {
          if (!part.isBlank()) {
            custodians.add(part.trim());
          }
        }
      }
      out.add(
          new Secret(
              id,
              kind,
              t.get("system"),
              t.get("location"),
              AccountCsvReader.instant(t, "created"),
              AccountCsvReader.instant(t, "last_rotated"),
              maxAge,
              custodians,
              null,
              true,
              new SourceRef(source, t.line())));
    }
    return out;
  }
}
