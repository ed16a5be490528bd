package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads the parts of a SCIM 2.0 User (RFC 7643 §4.1, enterprise extension §4.3) that identity
 * reconciliation uses, from a {@code ListResponse} (RFC 7644 §3.4.2) saved to a file.
 */
public final class ScimUsers {
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private ScimUsers() {}

  static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";

  /**
   * The Users of a ListResponse. A response to a search at the service provider's root (RFC 7644
   * §3.4.3) mixes resource types: Groups (and anything else that is not a User) are left out, for a
   * Group is never an account or a person.
   */
  static List<JsonArrayDocument.Element> resources(Path file, String source) {
    List<JsonArrayDocument.Element> all;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      all = JsonArrayDocument.read(in, source, "Resources");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<JsonArrayDocument.Element> users = new ArrayList<>(all.size());
    for (JsonArrayDocument.Element el : all) {
      if (isUser(el.node())) {
        users.add(el);
      }
    }
    return users;
  }

  /**
   * Whether a resource is a User (RFC 7643 §3, §4.1): its {@code schemas} name the core User
   * schema; or, without {@code schemas}, its {@code meta.resourceType} is {@code User}; or, with
   * neither, it has a User's attribute ({@code userName}, {@code name}, {@code emails}, {@code
   * active} or the enterprise extension), none of which a Group has.
   */
  public static boolean isUser(JsonNode resource) {
    JsonNode schemas = resource.get("schemas");
    if (schemas != null && schemas.isArray() && !schemas.isEmpty()) {
      for (JsonNode s : schemas.values()) {
        if (s.isString() && s.stringValue().trim().equalsIgnoreCase(USER)) {
          return true;
        }
      }
      return false;
    }
    String type = JsonArrayDocument.text(resource.get("meta"), "resourceType");
    if (type != null) {
      return type.equalsIgnoreCase("User");
    }
    boolean userAttributes =
        resource.has("userName")
            || resource.has("name")
            || resource.has("emails")
            || resource.has("active")
            || resource.has(ENTERPRISE);
    return userAttributes || !(resource.has("members") || resource.has("displayName"));
  }

  /** The primary e-mail, else the first one; null when none. */
  static String email(JsonNode user) {
    JsonNode emails = user.get("emails");
    if (emails == null || !emails.isArray() || emails.isEmpty()) {
      return null;
    }
    for (JsonNode e : emails.values()) {
      if (e.path("primary").asBoolean(false)) {
        return JsonArrayDocument.text(e, "value");
      }
    }
    return JsonArrayDocument.text(emails.get(0), "value");
  }

  static String employeeNumber(JsonNode user) {
    return JsonArrayDocument.text(user.get(ENTERPRISE), "employeeNumber");
  }

  /** {@code active}; true when absent (RFC 7643 leaves its default to the provider). */
  static boolean active(JsonNode user, String source, long line) {
    JsonNode a = user.get("active");
    if (a == null || a.isNull()) {
      return true;
    }
    if (!a.isBoolean()) {
      throw new InputException(source, line, "'active' must be true or false");
    }
    return a.booleanValue();
  }

  static Instant meta(JsonNode user, String field, String source, long line) {
    String v = JsonArrayDocument.text(user.get("meta"), field);
    if (v == null) {
      return null;
    }
    Instant i = Values.instant(v);
    if (i == null) {
      throw new InputException(source, line, "meta." + field + " '" + v + "' is not a date-time");
    }
    return i;
  }

  /** Display names of the user's groups (RFC 7643 §4.1.2 {@code groups}). */
  static List<String> groups(JsonNode user) {
    List<String> out = new ArrayList<>();
    JsonNode g = user.get("groups");
    if (g != null && g.isArray()) {
      for (JsonNode e : g.values()) {
        String d = JsonArrayDocument.text(e, "display");
        if (d != null) {
          out.add(d);
        }
      }
    }
    return out;
  }
}
