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

  private static final Path REAL = Fixtures.dir("scim-real");

  @Test
  void a_group_in_a_root_search_response_is_never_an_account() {
    // RFC 7644 §3.4.3: the second resource ("Smith Family") is a Group, with no schemas
    List<Account> accounts =
        ScimAccountReader.read(
            REAL.resolve("rfc7644-3.4.3-list_response-post_query.json"), "post-query.json", "idp");

    assertThat(accounts).extracting(Account::username).containsExactly("jsmith");
  }

  @Test
  void a_list_of_groups_only_gives_no_accounts() {
    // RFC 7644 §3.7.1: two Groups that are members of each other
    assertThat(
            ScimAccountReader.read(
                REAL.resolve("rfc7644-3.7.1-list_response-circular_reference.json"),
                "groups.json",
                "idp"))
        .isEmpty();
  }

  @Test
  void a_roster_mixing_groups_with_users_gives_only_the_people() {
    List<Person> people =
        ScimRosterReader.read(REAL.resolve("mixed-users-and-groups.json"), "hr.json");

    assertThat(people).extracting(Person::employeeId).containsExactly("701984");
    assertThat(people.get(0).username()).isEqualTo("bjensen@example.com");
  }

  @Test
  void a_truncated_list_names_file_and_line_in_plain_words() throws IOException {
    Path f = tmp.resolve("cut.json");
    String text = Files.readString(REAL.resolve("rfc7644-3.4.3-list_response-post_query.json"));
    Files.writeString(f, text.substring(0, text.indexOf("\"Smith Family\"")));

    assertThatThrownBy(() -> ScimAccountReader.read(f, "cut.json", "idp"))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith("cut.json:")
        .hasMessageEndingWith("malformed JSON: the file ends in the middle of the JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Feature", "REDACTED"));
  }
}
