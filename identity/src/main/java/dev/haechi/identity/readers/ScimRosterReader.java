package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.SourceRef;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a roster given as a SCIM 2.0 {@code ListResponse} of Users (FORMATS.md §1.1). The employee
 * ID is the enterprise extension's {@code employeeNumber} (required). SCIM has no termination date:
 * an inactive user is a leaver from {@code meta.lastModified} (the best date SCIM offers), and an
 * inactive user without it is rejected rather than guessed.
 */
public final class ScimRosterReader {
  private ScimRosterReader() {}

  public static List<Person> read(Path file, String source) {
    return fromElements(ScimUsers.resources(file, source), source);
  }

  static List<Person> fromElements(List<JsonArrayDocument.Element> elements, String source) {
    List<Person> people = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (JsonArrayDocument.Element el : elements) {
      JsonNode u = el.node();
      long line = el.line();
      String id = ScimUsers.employeeNumber(u);
      if (id == null) {
        throw new InputException(source, line, "user has no enterprise employeeNumber");
      }
      Long first = seen.putIfAbsent(id, line);
      if (first != null) {
        throw new InputException(
            source, line, "employeeNumber " + id + " already appears on line " + first);
      }
      boolean active = ScimUsers.active(u, source, line);
      LocalDate left = null;
      if (!active) {
        Instant modified = ScimUsers.meta(u, "lastModified", source, line);
        if (modified == null) {
          throw new InputException(
              source, line, "inactive user without meta.lastModified: no leaving date");
        }
        left = LocalDate.ofInstant(modified, ZoneOffset.UTC);
      }
      JsonNode ent = u.get(ScimUsers.ENTERPRISE);
      JsonNode name = u.get("name");
      Map<String, String> attrs = new LinkedHashMap<>();
      String scimId = JsonArrayDocument.text(u, "id");
      if (scimId != null) {
        attrs.put("scim_id", scimId);
      }
      people.add(
          new Person(
              id,
              ScimUsers.email(u),
              JsonArrayDocument.text(u, "userName"),
              JsonArrayDocument.text(name, "givenName"),
              JsonArrayDocument.text(name, "familyName"),
              JsonArrayDocument.text(ent, "department"),
              JsonArrayDocument.text(u, "title"),
              ent == null ? null : JsonArrayDocument.text(ent.get("manager"), "value"),
              active ? PersonStatus.ACTIVE : PersonStatus.TERMINATED,
              null,
              left,
              attrs,
              new SourceRef(source, line)));
    }
    return people;
  }
}
