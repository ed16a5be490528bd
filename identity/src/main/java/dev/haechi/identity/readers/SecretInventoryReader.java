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
 *
 * <p>{@code location} may name several {@code ;}-separated locations of the same key material
 * ({@code transit/keys/token-signer;jwks:gateway#auth-2022-01}). A published key must be written
 * {@code jwks:ISSUER#KID}. One key material has one {@code kid}: a row that ties its key to two
 * different kids, or a location that one row ties to one kid and another row to another, is
 * rejected, naming both lines (which kid would a leak retire?). The same kid published by several
 * issuers is fine.
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
    Map<String, String[]> kidOfLocation = new HashMap<>();
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
      String location = t.get("location");
      String kid = null;
      List<String> places = new ArrayList<>();
      if (location != null) {
        for (String part : location.split(";")) {
          String l = part.trim();
          if (l.isEmpty()) {
            continue;
          }
          places.add(l);
          if (l.startsWith("jwks:")) {
            int hash = l.indexOf('#');
            if (hash <= 5 || hash == l.length() - 1) {
              throw t.error("location '" + l + "' is not jwks:ISSUER#KID");
            }
            String k = l.substring(hash + 1);
            if (kid != null && !kid.equals(k)) {
              throw t.error(
                  "location ties one key to two different kids, "
                      + kid
                      + " and "
                      + k
                      + ": one key material is published under one kid");
            }
            kid = k;
          }
        }
      }
      if (kid != null) {
        for (String l : places) {
          if (l.startsWith("jwks:")) {
            continue;
          }
          String[] earlier = kidOfLocation.putIfAbsent(l, new String[] {kid, id, "" + t.line()});
          if (earlier != null && !earlier[0].equals(kid)) {
            throw t.error(
                l
                    + " is tied to kid "
                    + kid
                    + " here but to kid "
                    + earlier[0]
                    + " by "
                    + earlier[1]
                    + " on line "
                    + earlier[2]
                    + ": one key material is published under one kid");
          }
        }
      }
      out.add(
          new Secret(
              id,
              kind,
              t.get("system"),
              location,
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
