package dev.haechi.identity.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelationRuleTest {
  static Person person(String id, String email, String username) {
    return new Person(
        id,
        email,
        username,
        null,
        null,
        null,
        null,
        null,
        PersonStatus.ACTIVE,
        null,
        null,
        Map.of(),
        null);
  }

  static Account account(String id, String username, String email, String employeeId) {
    return new Account(
        "s",
        id,
        username,
        email,
        employeeId,
        true,
        false,
        null,
        false,
        null,
        null,
        List.of(),
        Map.of(),
        null);
  }

  private static final List<Person> PEOPLE =
      List.of(
          person("E1", "jkim@retail.example", null),
          person("E2", "Sora.Lee@Retail.example", "slee"),
          person("E3", "jikim@a.example", null),
          person("E4", "jikim@b.example", null));

  static Correlation correlate(Account a, List<CorrelationRule> rules) {
    return new IndexedCorrelator().correlate(PEOPLE, List.of(a), rules, Map.of());
  }

  @Test
  void employee_id_ignores_case_and_whitespace_and_is_fully_confident() {
    assertThat(correlate(account("a", null, null, " e1 "), CorrelationRule.defaults()).links())
        .containsExactly(new AccountLink("s:a", "E1", "employee-id", 1.0));
  }

  @Test
  void email_ignores_case() {
    assertThat(
            correlate(
                    account("a", null, "sora.lee@retail.EXAMPLE", null), CorrelationRule.defaults())
                .links())
        .containsExactly(new AccountLink("s:a", "E2", "email", 0.95));
  }

  @Test
  void username_matches_the_roster_username_or_email_local_part_in_any_form() {
    for (String u : List.of("SLee", "RETAIL\\slee", "slee@elsewhere.example", "jkim")) {
      assertThat(correlate(account("a", u, null, null), CorrelationRule.defaults()).links())
          .singleElement()
          .satisfies(l -> assertThat(l.rule()).isEqualTo("username"));
    }
  }

  @Test
  void first_rule_that_finds_anyone_decides_even_when_a_later_rule_disagrees() {
    Account a = account("a", "slee", null, "E1");
    assertThat(correlate(a, CorrelationRule.defaults()).links().get(0).employeeId())
        .isEqualTo("E1");
    assertThat(
            correlate(a, List.of(CorrelationRule.USERNAME, CorrelationRule.EMPLOYEE_ID))
                .links()
                .get(0)
                .employeeId())
        .isEqualTo("E2");
  }

  @Test
  void username_shared_by_two_people_becomes_a_case_and_not_a_link() {
    Correlation c = correlate(account("k", "jikim", null, null), CorrelationRule.defaults());
    assertThat(c.links()).isEmpty();
    assertThat(c.cases())
        .containsExactly(new CorrelationCase("s:k", "s", "k", "username", List.of("E3", "E4")));
  }

  @Test
  void earlier_decision_resolves_the_case_and_a_decision_for_an_unknown_person_is_ignored() {
    Account a = account("k", "jikim", null, null);
    Correlation decided =
        new IndexedCorrelator()
            .correlate(PEOPLE, List.of(a), CorrelationRule.defaults(), Map.of("s:k", "E4"));
    assertThat(decided.links()).containsExactly(new AccountLink("s:k", "E4", "decision", 1.0));

    Correlation stale =
        new IndexedCorrelator()
            .correlate(PEOPLE, List.of(a), CorrelationRule.defaults(), Map.of("s:k", "E99"));
    assertThat(stale.cases()).hasSize(1);
  }

  @Test
  void rule_left_out_of_the_configuration_is_not_used() {
    Correlation c =
        correlate(account("a", "slee", null, null), List.of(CorrelationRule.EMPLOYEE_ID));
    assertThat(c.links()).isEmpty();
    assertThat(c.cases()).isEmpty();
  }

  @Test
  void an_outside_address_is_matched_whole_never_by_its_local_part() {
    List<Person> people = List.of(person("E1", "jkim@corp.example", null));
    List<Account> accounts =
        List.of(
            account("a1", null, "jkim@gmail.com", null),
            account("a2", "jkim@gmail.com", null, null),
            account("a3", null, "JKim@Corp.Example", null),
            account("a4", "CORP\\jkim", null, null));
    java.util.Set<String> own = java.util.Set.of("corp.example");

    for (Correlator c :
        List.of(
            new NaiveCorrelator(own),
            (Correlator)
                (p, a, r, d) ->
                    new IndexedCorrelator()
                        .correlate(new IndexedCorrelator.PersonIndex(p, r, own), a, r, d))) {
      Correlation result = c.correlate(people, accounts, CorrelationRule.defaults(), Map.of());
      assertThat(result.links())
          .extracting(AccountLink::accountKey)
          .containsExactly("s:a3", "s:a4");
    }
    // without own domains configured, any domain's local part still counts (earlier behaviour)
    assertThat(
            new NaiveCorrelator()
                .correlate(people, accounts, CorrelationRule.defaults(), Map.of())
                .links())
        .hasSize(4);
  }
}
