package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the accounts of one system from a saved SCIM 2.0 {@code ListResponse} of Users (FORMATS.md
 * §1.2): {@code id} (else {@code userName}) is the account ID; {@code userName}, {@code emails},
 * {@code externalId}, {@code active}, enterprise {@code employeeNumber} (else {@code externalId}),
 * {@code meta.created}. SCIM does not record logins, so these accounts are never called dormant.
 * Group names ({@code groups[].display}) are kept, so that reconciliation can decide privilege.
 */
public final class ScimAccountReader {
  private ScimAccountReader() {}

  public static List<Account> read(Path file, String source, String system) {
    List<Account> out = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    for (JsonArrayDocument.Element el : ScimUsers.resources(file, source)) {
      JsonNode u = el.node();
      long line = el.line();
      String userName = JsonArrayDocument.text(u, "userName");
      String id = JsonArrayDocument.text(u, "id");
      if (id == null) {
        id = userName;
      }
      if (id == null) {
        throw new InputException(source, line, "user has neither id nor userName");
      }
      Long first = seen.putIfAbsent(id, line);
      if (first != null) {
        throw new InputException(
            source, line, "user id " + id + " already appears on line " + first);
      }
      String employee = ScimUsers.employeeNumber(u);
      if (employee == null) {
        employee = JsonArrayDocument.text(u, "externalId");
      }
      List<String> groups = ScimUsers.groups(u);
      Map<String, String> attrs = new HashMap<>();
      String ext = JsonArrayDocument.text(u, "externalId");
      if (ext != null) {
        attrs.put("externalId", ext);
      }
      var modified = ScimUsers.meta(u, "lastModified", source, line);
      if (modified != null) {
        attrs.put("lastModified", modified.toString());
      }
      out.add(
          new Account(
              system,
              id,
              userName,
              ScimUsers.email(u),
              employee,
              ScimUsers.active(u, source, line),
              false,
              null,
              false,
              ScimUsers.meta(u, "created", source, line),
              null,
              groups,
              attrs,
              new SourceRef(source, line)));
    }
    return out;
  }
}
