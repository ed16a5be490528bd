package dev.haechi.identity.model;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One person on the HR roster. A person is a <em>leaver</em> from their termination date on
 * (FORMATS.md §1.1); a roster may carry a termination date for someone still {@code active} (notice
 * given), and they become a leaver on that date.
 *
 * @param employeeId the roster key, never blank
 * @param username a login name when the roster has one (SCIM {@code userName}, or an extra {@code
 *     username} column); null otherwise
 * @param hireDate null when unknown
 * @param terminationDate null unless the person has left or is leaving
 * @param attributes extra roster columns, by header name, in file order
 */
public record Person(
    String employeeId,
    String email,
    String username,
    String givenName,
    String familyName,
    String department,
    String title,
    String managerId,
    PersonStatus status,
    LocalDate hireDate,
    LocalDate terminationDate,
    Map<String, String> attributes,
    SourceRef source) {

  public Person {
    Objects.requireNonNull(employeeId, "employeeId");
    Objects.requireNonNull(status, "status");
    attributes =
        attributes == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attributes));
  }

  /** True when the person has left on or before {@code date}. */
  public boolean isLeaverOn(LocalDate date) {
    return terminationDate != null && !terminationDate.isAfter(date);
  }

  /** True when the person was hired after {@code date}, so did not yet exist on that date. */
  public boolean isHiredAfter(LocalDate date) {
    return hireDate != null && hireDate.isAfter(date);
  }

  /** Given and family name, or the employee ID when the roster has no name. */
  public String displayName() {
    String n =
        ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName))
            .trim();
    return n.isEmpty() ? employeeId : n;
  }
}
