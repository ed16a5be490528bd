package dev.haechi.demo.retailer;

import java.time.LocalDate;

/**
 * One row of hr.csv (FORMATS.md §1.1).
 *
 * @param index position in the roster
 * @param terminationDate null unless {@code status} is {@code terminated}
 * @param email the work address, {@code username@retailer.example}
 * @param displayName given name, then family name
 */
record Person(
    int index,
    String employeeId,
    String givenName,
    String familyName,
    String username,
    Department department,
    String title,
    String managerId,
    String status,
    LocalDate hireDate,
    LocalDate terminationDate,
    String email,
    String displayName) {

  static final String DOMAIN = "retailer.example";

  Person(
      int index,
      String employeeId,
      String givenName,
      String familyName,
      String username,
      Department department,
      String title,
      String managerId,
      String status,
      LocalDate hireDate,
      LocalDate terminationDate) {
    this(
        index,
        employeeId,
        givenName,
        familyName,
        username,
        department,
        title,
        managerId,
        status,
        hireDate,
        terminationDate,
        username + "@" + DOMAIN,
        givenName + " " + familyName);
  }

  boolean terminated() {
    return terminationDate != null;
  }

  boolean active() {
    return status.equals("active");
  }

  Person withManager(String manager) {
    return new Person(
        index,
        employeeId,
        givenName,
        familyName,
        username,
        department,
        title,
        manager,
        status,
        hireDate,
        terminationDate);
  }
}
