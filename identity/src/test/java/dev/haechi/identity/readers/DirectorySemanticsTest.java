package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.Finding;
import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import dev.haechi.identity.model.SourceRef;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Directories as they are (issue 10 item 4): fixture exports of each case. */
class DirectorySemanticsTest {
  private static final Path DIR = Fixtures.dir("directory");

  private static List<Account> read(String file) {
    return LdifAccountReader.read(DIR.resolve(file), file, "ad");
  }

  private static Account account(List<Account> accounts, String username) {
    return accounts.stream().filter(a -> username.equals(a.username())).findFirst().orElseThrow();
  }

  @Test
  void groups_and_contacts_are_not_accounts() {
    assertThat(read("ad-nested.ldif"))
        .extracting(Account::username)
        .containsExactly("jkim", "breakglass", "opsbot");
  }

  @Test
  void nested_membership_is_resolved_transitively_from_the_export() {
    List<Account> accounts = read("ad-nested.ldif");

    assertThat(account(accounts, "jkim").groups())
        .containsExactly("Tier0 Operators", "Domain Admins");
    assertThat(account(accounts, "opsbot").groups())
        .containsExactly("Night Shift", "Tier0 Operators", "Domain Admins");
  }

  @Test
  void primary_group_512_makes_an_account_privileged() {
    Account breakglass = account(read("ad-nested.ldif"), "breakglass");

    assertThat(breakglass.privileged()).isTrue();
    assertThat(breakglass.groups()).containsExactly("Domain Admins");
    assertThat(account(read("ad-nested.ldif"), "opsbot").privileged()).isFalse();
  }

  @Test
  void nested_admins_are_privileged_findings_when_nobody_owns_them() {
    List<Account> accounts = read("ad-nested.ldif");
    Person jkim =
        new Person(
            "E1001",
            "jkim@corp.example",
            "jkim",
            "Jae",
            "Kim",
            null,
            null,
            null,
            PersonStatus.ACTIVE,
            null,
            null,
            Map.of(),
            new SourceRef("hr.csv", 2));
    IdentitySnapshot snap =
        new IdentitySnapshot(List.of(jkim), accounts, List.of(), List.of(), List.of(), 0);
    List<Finding> findings =
        IdentityReconciler.reconcile(snap, ReconcileOptions.asOf(LocalDate.of(2025, 6, 1)))
            .findings();

    assertThat(findings)
        .filteredOn(f -> f.type().equals("privileged-without-owner"))
        .extracting(f -> f.subject().get("account"))
        .containsExactlyInAnyOrder(
            "CN=Break Glass,OU=Staff,DC=corp,DC=example",
            "CN=Ops Bot,OU=Service,DC=corp,DC=example");
  }

  @Test
  void evidence_points_at_the_dn_line_not_the_comment_above_it() {
    assertThat(account(read("ad-nested.ldif"), "jkim").source().toString())
        .isEqualTo("ad-nested.ldif:24");
    assertThat(account(read("ad-nested.ldif"), "breakglass").source().toString())
        .isEqualTo("ad-nested.ldif:35");
  }

  @Test
  void a_temporary_ppolicy_lockout_is_not_disabled_but_a_permanent_one_is() {
    List<Account> accounts = read("openldap-ppolicy.ldif");

    assertThat(accounts).extracting(Account::username).containsExactly("mpark", "hchoi", "slee");
    assertThat(accounts).extracting(Account::enabled).containsExactly(true, false, false);
  }

  @Test
  void the_only_policy_of_an_export_is_the_default_one() {
    String ldif =
        "dn: cn=default,ou=policies,dc=x\nobjectClass: pwdPolicy\ncn: default\n"
            + "pwdLockoutDuration: 600\n\n"
            + "dn: uid=a,dc=x\nuid: a\npwdAccountLockedTime: 20250601080000Z\n";

    assertThat(LdifAccountReader.read(new StringReader(ldif), "d.ldif", "dir"))
        .extracting(Account::enabled)
        .containsExactly(true);
  }

  @Test
  void a_nested_group_cycle_is_named_with_file_and_line_and_nothing_is_read() {
    assertThatThrownBy(() -> read("cycle.ldif"))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "cycle.ldif:2: nested groups form a cycle (a → c → b → a): group"
                + " cn=a,ou=groups,dc=example,dc=org is a member of itself; nothing was read");
  }
}
