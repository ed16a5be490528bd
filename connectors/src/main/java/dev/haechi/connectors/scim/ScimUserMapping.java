package dev.haechi.connectors.scim;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns a SCIM 2.0 User (RFC 7643 §4.1, enterprise extension §4.3) into an {@link Account} exactly
 * as {@code dev.haechi.identity.readers.ScimAccountReader} does for a saved {@code ListResponse}:
 * {@code id} (else {@code userName}) is the account ID; the primary e-mail, else the first; {@code
 * active} (true when absent); enterprise {@code employeeNumber}, else {@code externalId}; {@code
 * meta.created}; {@code externalId} and {@code meta.lastModified} kept as attributes; group display
 * names kept for reconciliation to judge privilege. SCIM records no logins. Only the source
 * reference differs: {@code (source, 0)}, a live source having no lines.
 *
 * <p>{@code ScimUserMappingAgreementTest} checks this against the file reader.
 */
final class ScimUserMapping {
  static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

  private ScimUserMapping() {}

  /**
   * @throws IllegalArgumentException naming the field that cannot be read
   */
  static Account account(JsonNode u, String source, String system) {
    String userName = text(u, "userName");
    String id = text(u, "id");
    if (id == null) {
      id = userName;
    }
    if (id == null) {
      throw new IllegalArgumentException("user has neither id nor userName");
    }
    String employee = text(u.get(ENTERPRISE), "employeeNumber");
    if (employee == null) {
      employee = text(u, "externalId");
    }
    Map<String, String> attrs = new HashMap<>();
    String ext = text(u, "externalId");
    if (ext != null) {
      attrs.put("externalId", ext);
    }
    Instant modified = meta(u, "lastModified");
    if (modified != null) {
      attrs.put("lastModified", modified.toString());
    }
    return new Account(
        system,
        id,
        userName,
        email(u),
        employee,
        active(u),
        false,
        null,
        false,
        meta(u, "created"),
        null,
        groups(u),
        attrs,
        new SourceRef(source, 0));
  }

  /** {@code active}; true when absent (RFC 7643 leaves its default to the provider). */
  static boolean active(JsonNode user) {
    JsonNode a = user.get("active");
    if (a == null || a.isNull()) {
      return true;
    }
    if (!a.isBoolean()) {
      throw new IllegalArgumentException("'active' must be true or false");
    }
    return a.booleanValue();
  }

  /** A string field, trimmed; null when absent, not a string, or empty. */
  static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || !v.isString()) {
      return null;
    }
    String s = v.stringValue().trim();
    return s.isEmpty() ? null : s;
  }

  private static String email(JsonNode user) {
    JsonNode emails = user.get("emails");
    if (emails == null || !emails.isArray() || emails.isEmpty()) {
      return null;
    }
    for (JsonNode e : emails.values()) {
      if (e.path("primary").asBoolean(false)) {
        return text(e, "value");
      }
    }
    return text(emails.get(0), "value");
  }

  private static List<String> groups(JsonNode user) {
    List<String> out = new ArrayList<>();
    JsonNode g = user.get("groups");
    if (g != null && g.isArray()) {
      for (JsonNode e : g.values()) {
        String d = text(e, "display");
        if (d != null) {
          out.add(d);
        }
      }
    }
    return out;
  }

  private static Instant meta(JsonNode user, String field) {
    String v = text(user.get("meta"), field);
    if (v == null) {
      return null;
    }
    Instant i = instant(v);
    if (i == null) {
      throw new IllegalArgumentException("meta." + field + " '" + v + "' is not a date-time");
    }
    return i;
  }

  /** ISO-8601: an offset date-time, a local date-time (UTC), or a date (its start, UTC). */
  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
