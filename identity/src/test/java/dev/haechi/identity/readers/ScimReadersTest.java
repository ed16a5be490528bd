package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScimReadersTest {
  private static final Path DIR = Fixtures.dir("scim");

  @TempDir Path tmp;

  @Test
  void scim_roster_takes_employee_number_primary_email_and_inactive_as_leaver() {
    List<Person> people = ScimRosterReader.read(DIR.resolve("hr.json"), "hr.json");

    assertThat(people).extracting(Person::employeeId).containsExactly("701984", "701985", "701986");
    Person b = people.get(0);
    assertThat(b.email()).isEqualTo("bjensen@example.com");
    assertThat(b.username()).isEqualTo("bjensen");
    assertThat(b.department()).isEqualTo("Tour Operations");
    assertThat(b.source().toString()).isEqualTo("hr.json:7");
    Person j = people.get(1);
    assertThat(j.status()).isEqualTo(PersonStatus.TERMINATED);
    assertThat(j.terminationDate()).isEqualTo(LocalDate.of(2025, 3, 31));
  }

  @Test
  void scim_accounts_keep_groups_external_id_and_active_flag() {
    List<Account> accounts =
        ScimAccountReader.read(DIR.resolve("accounts/okta.json"), "accounts/okta.json", "okta");

    assertThat(accounts)
        .extracting(Account::accountId)
        .containsExactly("00u1", "00u2", "00u3", "00u4");
    assertThat(accounts.get(1).employeeId()).isEqualTo("701985");
    assertThat(accounts.get(1).groups()).containsExactly("Okta Super Admins");
    assertThat(accounts.get(0).created()).isEqualTo(Instant.parse("2020-02-01T00:00:00Z"));
    assertThat(accounts.get(3).enabled()).isFalse();
    assertThat(accounts).noneMatch(Account::loginsTracked);
  }

  @Test
  void user_without_employee_number_names_its_line() throws IOException {
    Path f = tmp.resolve("hr.json");
    Files.writeString(f, "{\"Resources\":[\n{\"userName\":\"a\"},\n{\"userName\":\"b\"}]}");

    assertThatThrownBy(() -> ScimRosterReader.read(f, "hr.json"))
        .isInstanceOf(InputException.class)
        .hasMessage("hr.json:2: user has no enterprise employeeNumber");
  }

  @Test
  void active_that_is_not_a_boolean_names_its_line() throws IOException {
    Path f = tmp.resolve("a.json");
    Files.writeString(f, "{\"Resources\":[{\"id\":\"1\"},\n {\"id\":\"2\",\"active\":\"no\"}]}");

    assertThatThrownBy(() -> ScimAccountReader.read(f, "a.json", "s"))
        .isInstanceOf(InputException.class)
        .hasMessage("a.json:2: 'active' must be true or false");
  }

  @Test
  void truncated_json_is_reported_with_its_line() throws IOException {
    Path f = tmp.resolve("a.json");
    Files.writeString(f, "{\"Resources\":[\n{\"id\":\"1\"},\n{\"id\":");

    assertThatThrownBy(() -> ScimAccountReader.read(f, "a.json", "s"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("a.json:3: malformed JSON");
  }

  @Test
  void list_response_without_resources_is_rejected() throws IOException {
    Path f = tmp.resolve("a.json");
    Files.writeString(f, "{\"totalResults\":0}");

    assertThatThrownBy(() -> ScimAccountReader.read(f, "a.json", "s"))
        .isInstanceOf(InputException.class)
        .hasMessage("a.json:1: missing 'Resources' array");
  }
}
