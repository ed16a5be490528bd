package dev.haechi.demo.retailer;

import dev.haechi.demo.output.CsvRow;
import dev.haechi.demo.output.OutputFolder;
import java.io.IOException;
import java.io.Writer;

/** Writes hr.csv with exactly the columns of FORMATS.md §1.1. */
final class HrFile {
  static final String[] HEADER = {
    "employee_id",
    "email",
    "given_name",
    "family_name",
    "department",
    "title",
    "manager_id",
    "status",
    "hire_date",
    "termination_date"
  };

  private HrFile() {}

  static void write(OutputFolder folder, Roster roster) throws IOException {
    try (Writer out = folder.open("hr.csv")) {
      CsvRow.write(out, HEADER);
      for (Person p : roster.people()) {
        CsvRow.write(
            out,
            p.employeeId(),
            p.email(),
            p.givenName(),
            p.familyName(),
            p.department().label,
            p.title(),
            p.managerId(),
            p.status(),
            p.hireDate().toString(),
            p.terminationDate() == null ? "" : p.terminationDate().toString());
      }
    }
  }
}
