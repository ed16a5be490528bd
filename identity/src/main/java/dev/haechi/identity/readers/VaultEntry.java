package dev.haechi.identity.readers;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The fields of one Vault audit entry that custody needs, pulled from the JSON with a streaming
 * parser (no tree is built; every other member is skipped, but still checked to be well-formed).
 * Absent or non-string fields are null; {@code error} is non-null for any non-null value.
 *
 * <p>{@code email} is {@code auth.metadata.email} (an OIDC role's claim mapping usually puts the
 * e-mail there) and {@code entityId} is {@code auth.entity_id}, the Vault identity entity that
 * joins a person's aliases across auth methods.
 *
 * @see <a href="https://developer.hashicorp.com/vault/docs/audit">Vault audit devices</a>
 */
record VaultEntry(
    String time,
    String error,
    String displayName,
    String username,
    String requestId,
    String operation,
    String path,
    String email,
    String entityId) {

  /**
   * @throws JacksonException when the bytes are not exactly one JSON object
   */
  static VaultEntry parse(byte[] b, int from, int len) {
    String time = null;
    String error = null;
    String[] auth = new String[4];
    String[] request = new String[3];
    try (JsonParser p = JsonArrayDocument.MAPPER.createParser(b, from, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "time" -> time = string(p, t);
          case "error" -> error = t == JsonToken.VALUE_NULL ? null : errorText(p, t);
          case "auth" -> auth(p, t, auth);
          case "request" -> members(p, t, request, "id", "operation", "path");
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("unexpected content after the JSON object");
      }
    }
    return new VaultEntry(
        time, error, auth[0], auth[1], request[0], request[1], request[2], auth[2], auth[3]);
  }

  /**
   * {@code auth}: {@code display_name} → {@code out[0]}, {@code metadata.username} → {@code
   * out[1]}, {@code metadata.email} → {@code out[2]}, {@code entity_id} → {@code out[3]}.
   */
  private static void auth(JsonParser p, JsonToken t, String[] out) {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "display_name" -> out[0] = string(p, v);
        case "entity_id" -> out[3] = string(p, v);
        case "metadata" -> {
          String username = null;
          String email = null;
          if (v == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
              String m = p.currentName();
              JsonToken mv = p.nextToken();
              if (m.equals("username")) {
                username = string(p, mv);
              } else if (m.equals("email")) {
                email = string(p, mv);
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
          out[1] = username;
          out[2] = email;
        }
        default -> p.skipChildren();
      }
    }
  }

  /** Reads string members {@code a}, {@code b}, {@code c} of an object into {@code out[0..2]}. */
  private static void members(
      JsonParser p, JsonToken t, String[] out, String a, String b, String c) {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals(a)) {
        out[0] = string(p, v);
      } else if (name.equals(b)) {
        out[1] = string(p, v);
      } else if (name.equals(c)) {
        out[2] = string(p, v);
      } else {
        p.skipChildren();
      }
    }
  }

  private static String string(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getString().trim();
      return s.isEmpty() ? null : s;
    }
    p.skipChildren();
    return null;
  }

  private static String errorText(JsonParser p, JsonToken t) {
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getString().trim();
      return s.isEmpty() ? null : s;
    }
    p.skipChildren();
    return "error";
  }
}
