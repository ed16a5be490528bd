package dev.haechi.identity.readers;

import dev.haechi.core.InputException;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.SourceRef;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the HR roster CSV of FORMATS.md §1.1. Columns are found by header name; {@code employee_id}
 * and {@code status} are required, the other standard columns optional, and any other column is
 * kept as an attribute (a column named {@code username} also fills {@link Person#username()}). The
 * whole file is checked before anything is returned.
 */
public final class HrCsvReader {
  static final Set<String> KNOWN =
      Set.of(
          "employee_id",
          "email",
          "given_name",
          "family_name",
          "department",
          "title",
          "manager_id",
          "status",
          "hire_date",
          "termination_date",
          "username");

  private HrCsvReader() {}

  public static List<Person> read(Path file, String source) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws InputException naming the line and problem: a missing column, a duplicate or empty
   *     employee ID, an unknown status, a bad date, or {@code terminated} without a termination
   *     date
   */
  public static List<Person> read(Reader in, String source) {
    CsvTable t = new CsvTable(in, source, List.of("employee_id", "status"));
    List<Person> people = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    while (t.next()) {
      String id = t.get("employee_id");
      if (id == null) {
        throw t.error("employee_id is empty");
      }
      Long first = seen.putIfAbsent(id, t.line());
      if (first != null) {
        throw t.error("employee_id " + id + " already appears on line " + first);
      }
      String statusText = t.get("status");
      PersonStatus status = statusText == null ? null : PersonStatus.parseOrNull(statusText);
      if (status == null) {
        throw t.error("status '" + statusText + "' is not one of active, leave, terminated");
      }
      LocalDate hired = date(t, "hire_date");
      LocalDate left = date(t, "termination_date");
      if (status == PersonStatus.TERMINATED && left == null) {
        throw t.error("status is terminated but termination_date is empty");
      }
      people.add(
          new Person(
              id,
              t.get("email"),
              t.get("username"),
              t.get("given_name"),
              t.get("family_name"),
              t.get("department"),
              t.get("title"),
              t.get("manager_id"),
              status,
              hired,
              left,
              t.extras(KNOWN),
              new SourceRef(source, t.line())));
    }
    return people;
  }

  private static LocalDate date(CsvTable t, String column) {
    String v = t.get(column);
    if (v == null) {
      return null;
    }
    LocalDate d = Values.date(v);
    if (d == null) {
      throw t.error(column + " '" + v + "' is not an ISO-8601 date");
    }
    return d;
  }
}
