package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HrCsvReaderTest {
  private static final String HEADER =
      "employee_id,email,given_name,family_name,department,title,manager_id,status,hire_date,"
          + "termination_date\n";

  @Test
  void roster_fixture_reads_quoted_titles_dates_and_extra_columns() {
    List<Person> people = HrCsvReader.read(Fixtures.dir("coupang").resolve("hr.csv"), "hr.csv");

    assertThat(people).hasSize(7);
    Person jkim = people.get(0);
    assertThat(jkim.employeeId()).isEqualTo("E1001");
    assertThat(jkim.title()).isEqualTo("Backend Engineer, Auth");
    assertThat(jkim.status()).isEqualTo(PersonStatus.TERMINATED);
    assertThat(jkim.terminationDate()).isEqualTo(LocalDate.of(2024, 12, 20));
    assertThat(jkim.attributes()).containsExactly(java.util.Map.entry("location", "Seoul"));
    assertThat(jkim.source().toString()).isEqualTo("hr.csv:2");
    assertThat(people.get(3).title()).isEqualTo("Systems Administrator \"Domain\"");
  }

  @Test
  void columns_are_found_by_name_in_any_order() {
    List<Person> people =
        HrCsvReader.read(
            new StringReader("status,termination_date,employee_id\nterminated,2024-01-31,E9\n"),
            "hr.csv");

    assertThat(people)
        .singleElement()
        .satisfies(p -> assertThat(p.isLeaverOn(LocalDate.of(2024, 1, 31))).isTrue());
  }

  @Test
  void person_is_a_leaver_from_the_termination_date_on_and_not_before() {
    Person p =
        HrCsvReader.read(new StringReader(HEADER + "E1,,,,,,,active,,2025-03-01\n"), "hr.csv")
            .get(0);

    assertThat(p.isLeaverOn(LocalDate.of(2025, 2, 28))).isFalse();
    assertThat(p.isLeaverOn(LocalDate.of(2025, 3, 1))).isTrue();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "E1,a@x,,,,,,fired,,|hr.csv:3: status 'fired' is not one of active, leave, terminated",
        "E1,a@x,,,,,,terminated,,|hr.csv:3: status is terminated but termination_date is empty",
        "E1,a@x,,,,,,active,2024-13-01,|hr.csv:3: hire_date '2024-13-01' is not an ISO-8601 date",
        "E1,a@x,,,,,,active,,,extra|hr.csv:3: expected 10 fields as in the header, found 11",
        ",a@x,,,,,,active,,|hr.csv:3: employee_id is empty",
        "E0,b@x,,,,,,active,,|hr.csv:3: employee_id E0 already appears on line 2",
      })
  void malformed_row_names_file_line_and_reason_and_returns_nothing(String row, String message) {
    String csv = HEADER + "E0,z@x,,,,,,active,,\n" + row + "\n";

    assertThatThrownBy(() -> HrCsvReader.read(new StringReader(csv), "hr.csv"))
        .isInstanceOf(InputException.class)
        .hasMessage(message);
  }

  @Test
  void missing_required_column_is_reported_on_the_header_line() {
    assertThatThrownBy(
            () -> HrCsvReader.read(new StringReader("employee_id,email\nE1,a@x\n"), "hr.csv"))
        .isInstanceOf(InputException.class)
        .hasMessage("hr.csv:1: missing column(s) status in the header");
  }
}
