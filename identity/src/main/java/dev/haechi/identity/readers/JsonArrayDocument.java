package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Reads a JSON document that is an object holding one array of objects (a SCIM {@code
 * ListResponse}'s {@code Resources}, a JWKS's {@code keys}) and remembers the line each element
 * starts on, so that errors and evidence can point at it. Other top-level members are checked for
 * well-formedness and otherwise ignored.
 */
final class JsonArrayDocument {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectReader ELEMENT =
      MAPPER.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One array element and the 1-based line its opening brace is on. */
  record Element(JsonNode node, long line) {}

  private JsonArrayDocument() {}

  /**
   * The elements of {@code arrayField}.
   *
   * @throws InputException when the JSON is malformed, the top level is not an object, the array is
   *     missing, or an element is not an object
   */
  static List<Element> read(Reader in, String source, String arrayField) {
    List<Element> out = new ArrayList<>();
    boolean found = false;
    try (JsonParser p = MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new InputException(source, line(p), "expected a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals(arrayField)) {
          found = true;
          if (t != JsonToken.START_ARRAY) {
            throw new InputException(source, line(p), "'" + arrayField + "' must be an array");
          }
          int i = 0;
          while (p.nextToken() != JsonToken.END_ARRAY) {
            long line = line(p);
            if (p.currentToken() != JsonToken.START_OBJECT) {
              throw new InputException(
                  source, line, arrayField + "[" + i + "] must be a JSON object");
            }
            JsonNode node = ELEMENT.readValue(p);
            out.add(new Element(node, line));
            i++;
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new InputException(source, line(p), "unexpected content after the JSON object");
      }
    } catch (JacksonException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputException(
          source,
          line,
          "malformed JSON: " + dev.haechi.core.JsonErrors.plain(e.getOriginalMessage()),
          e);
    }
    if (!found) {
      throw new InputException(source, 1, "missing '" + arrayField + "' array");
    }
    return out;
  }

  private static long line(JsonParser p) {
    return Math.max(0, p.currentTokenLocation().getLineNr());
  }

  /** A string member, trimmed; null when absent, null, blank or not a string. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isString()) {
      return null;
    }
    String s = v.stringValue().trim();
    return s.isEmpty() ? null : s;
  }
}
