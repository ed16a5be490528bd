package dev.haechi.identity.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.PrivilegedGroups;
import dev.haechi.identity.model.SourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One behaviour per test for the four account finding types. */
class FindingRulesTest {
  static final LocalDate AS_OF = LocalDate.of(2025, 6, 30);

  static Person person(String id, String left) {
    return new Person(
        id,
        id.toLowerCase() + "@x.example",
        null,
        "Given",
        id,
        null,
        null,
        null,
        left == null ? PersonStatus.ACTIVE : PersonStatus.TERMINATED,
        LocalDate.of(2020, 1, 1),
        left == null ? null : LocalDate.parse(left),
        Map.of(),
        new SourceRef("hr.csv", 2));
  }

  static Account account(
      String id, String employee, boolean enabled, String lastLogin, List<String> groups) {
    return new Account(
        "ad",
        id,
        id,
        null,
        employee,
        enabled,
        false,
        lastLogin == null ? null : Instant.parse(lastLogin + "T00:00:00Z"),
        true,
        Instant.parse("2020-01-01T00:00:00Z"),
        null,
        groups,
        Map.of(),
        new SourceRef("ad.csv", 3));
  }

  static List<Finding> findings(List<Person> people, List<Account> accounts) {
    return findings(people, accounts, ReconcileOptions.asOf(AS_OF));
  }

  static List<Finding> findings(List<Person> people, List<Account> accounts, ReconcileOptions o) {
    return IdentityReconciler.reconcile(IdentitySnapshot.of(people, accounts), o).findings();
  }

  @Test
  void leaver_with_disabled_account_is_not_a_finding() {
    assertThat(
            findings(
                List.of(person("E1", "2025-01-01")),
                List.of(account("a", "E1", false, "2025-06-01", List.of()))))
        .isEmpty();
  }

  @Test
  void leaver_with_enabled_account_is_high() {
    assertThat(
            findings(
                List.of(person("E1", "2025-01-01")),
                List.of(account("a", "E1", true, "2025-06-01", List.of()))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.type()).isEqualTo(FindingTypes.LEAVER_ACTIVE_ACCOUNT);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.evidence()).anyMatch(e -> e.contains("after the termination date"));
            });
  }

  @Test
  void leaver_with_enabled_account_in_a_privileged_group_is_critical() {
    assertThat(
            findings(
                List.of(person("E1", "2025-01-01")),
                List.of(account("a", "E1", true, null, List.of("Enterprise Admins")))))
        .extracting(Finding::severity)
        .containsExactly(Severity.CRITICAL);
  }

  @Test
  void person_leaving_after_the_as_of_date_is_not_yet_a_leaver() {
    assertThat(
            findings(
                List.of(person("E1", "2025-07-01")),
                List.of(account("a", "E1", true, "2025-06-29", List.of()))))
        .isEmpty();
  }

  @Test
  void expired_account_of_a_leaver_is_not_a_finding() {
    Account a = account("a", "E1", true, null, List.of());
    Account expired =
        new Account(
            a.system(),
            a.accountId(),
            a.username(),
            a.email(),
            a.employeeId(),
            true,
            false,
            null,
            true,
            a.created(),
            Instant.parse("2025-01-02T00:00:00Z"),
            List.of(),
            Map.of(),
            a.source());
    assertThat(findings(List.of(person("E1", "2025-01-01")), List.of(expired))).isEmpty();
  }

  @Test
  void account_created_after_the_as_of_date_is_ignored() {
    Account a = account("late", null, true, null, List.of());
    Account late =
        new Account(
            "ad",
            "late",
            "late",
            null,
            null,
            true,
            false,
            null,
            true,
            Instant.parse("2025-07-01T00:00:00Z"),
            null,
            List.of(),
            Map.of(),
            a.source());
    assertThat(findings(List.of(person("E1", null)), List.of(late))).isEmpty();
  }

  @Test
  void unowned_account_is_an_orphan_and_unowned_privileged_account_has_no_owner() {
    assertThat(
            findings(
                List.of(person("E1", null)),
                List.of(
                    account("x", null, true, "2025-06-01", List.of()),
                    account("y", null, true, "2025-06-01", List.of("Domain Admins")))))
        .extracting(Finding::type, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                FindingTypes.PRIVILEGED_WITHOUT_OWNER, Severity.HIGH),
            org.assertj.core.groups.Tuple.tuple(FindingTypes.ORPHAN_ACCOUNT, Severity.MEDIUM));
  }

  @Test
  void privileged_groups_are_configurable() {
    ReconcileOptions o =
        ReconcileOptions.asOf(AS_OF)
            .withPrivilegedGroups(new PrivilegedGroups(Set.of("Tier0"), List.of()));
    assertThat(
            findings(
                List.of(),
                List.of(
                    account("y", null, true, "2025-06-01", List.of("Domain Admins")),
                    account("z", null, true, "2025-06-01", List.of("tier0"))),
                o))
        .extracting(f -> f.subject().get("account") + " " + f.type())
        .containsExactly("z privileged-without-owner", "y orphan-account");
  }

  @Test
  void account_unused_longer_than_the_dormancy_period_is_dormant() {
    List<Person> people = List.of(person("E1", null));
    assertThat(findings(people, List.of(account("a", "E1", true, "2025-03-01", List.of()))))
        .extracting(Finding::type, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FindingTypes.DORMANT_ACCOUNT, Severity.LOW));
    assertThat(findings(people, List.of(account("a", "E1", true, "2025-04-15", List.of()))))
        .isEmpty();
    assertThat(
            findings(
                people,
                List.of(account("a", "E1", true, "2025-04-15", List.of())),
                ReconcileOptions.asOf(AS_OF).withDormantAfter(Duration.ofDays(30))))
        .extracting(Finding::type)
        .containsExactly(FindingTypes.DORMANT_ACCOUNT);
  }

  @Test
  void account_never_used_counts_as_dormant_only_where_logins_are_tracked() {
    List<Person> people = List.of(person("E1", null));
    Account tracked = account("a", "E1", true, null, List.of("Domain Admins"));
    Account untracked =
        new Account(
            "scim",
            "b",
            "b",
            null,
            "E1",
            true,
            false,
            null,
            false,
            tracked.created(),
            null,
            List.of(),
            Map.of(),
            tracked.source());
    assertThat(findings(people, List.of(tracked, untracked)))
        .extracting(f -> f.subject().get("account") + " " + f.severity().label())
        .containsExactly("a medium");
  }

  @Test
  void login_after_the_as_of_date_does_not_make_an_account_dormant_then() {
    assertThat(
            findings(
                List.of(person("E1", null)),
                List.of(account("a", "E1", true, "2025-08-01", List.of()))))
        .isEmpty();
  }
}
