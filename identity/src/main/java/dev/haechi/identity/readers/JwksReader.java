package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JWK Set (RFC 7517 §5): an object whose {@code keys} member is an array of JWKs. Every key
 * must have {@code kty} (§4.1); keys without {@code kid} cannot be tied to an inventory row and are
 * skipped. A {@code kid} may repeat within one set: RFC 7517 §4.5 only asks that keys sharing a kid
 * differ (e.g. in {@code kty}, as during an algorithm change), so both are kept, in document order,
 * and {@link dev.haechi.identity.model.IdentitySnapshot#warnings()} names the second one with its
 * line.
 */
public final class JwksReader {
  private JwksReader() {}

  public static List<JwksKey> read(Path file, String source, String issuer) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source, issuer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws InputException naming the line of a key without {@code kty}
   */
  public static List<JwksKey> read(Reader in, String source, String issuer) {
    List<JwksKey> out = new ArrayList<>();
    for (JsonArrayDocument.Element el : JsonArrayDocument.read(in, source, "keys")) {
      JsonNode k = el.node();
      String kty = JsonArrayDocument.text(k, "kty");
      if (kty == null) {
        throw new InputException(source, el.line(), "key has no 'kty' (RFC 7517 §4.1)");
      }
      String kid = JsonArrayDocument.text(k, "kid");
      if (kid == null) {
        continue;
      }
      out.add(
          new JwksKey(
              issuer,
              kid,
              kty,
              JsonArrayDocument.text(k, "alg"),
              JsonArrayDocument.text(k, "use"),
              new SourceRef(source, el.line())));
    }
    return out;
  }
}
