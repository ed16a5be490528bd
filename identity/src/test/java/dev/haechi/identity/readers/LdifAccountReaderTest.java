package dev.haechi.identity.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.identity.Fixtures;
import dev.haechi.identity.model.Account;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LdifAccountReaderTest {
  private static final List<Account> AD =
      LdifAccountReader.read(
          Fixtures.dir("coupang").resolve("accounts/ad.ldif"), "accounts/ad.ldif", "ad");

  static List<Account> read(String ldif) {
    return LdifAccountReader.read(new StringReader(ldif), "d.ldif", "dir");
  }

  @Test
  void export_yields_user_entries_and_skips_groups_and_comments() {
    assertThat(AD)
        .extracting(Account::username)
        .containsExactly("jkim", "mpark", "hchoi", "svc-backup", "slee", "newhire");
    assertThat(AD.get(0).source().toString()).isEqualTo("accounts/ad.ldif:6");
  }

  @Test
  void user_account_control_bit_two_means_disabled() {
    assertThat(AD)
        .extracting(Account::enabled)
        .containsExactly(true, false, true, true, true, true);
  }

  @Test
  void base64_values_and_continuation_lines_are_decoded() {
    Account slee = AD.get(4);
    assertThat(slee.accountId()).isEqualTo("CN=이소라,OU=Staff,DC=retail,DC=example");
    assertThat(slee.attributes()).containsEntry("cn", "이소라");
    assertThat(slee.email()).isEqualTo("slee@retail.example");
  }

  @Test
  void last_logon_timestamp_is_read_as_a_windows_filetime_and_member_of_as_group_names() {
    Account jkim = AD.get(0);
    assertThat(jkim.lastLogin()).isEqualTo(Instant.parse("2024-12-18T08:30:00Z"));
    assertThat(jkim.created()).isEqualTo(Instant.parse("2022-11-07T09:00:00Z"));
    assertThat(jkim.groups()).containsExactly("Developers");
    assertThat(jkim.employeeId()).isEqualTo("E1001");
    assertThat(jkim.loginsTracked()).isTrue();
  }

  @Test
  void ns_account_lock_and_pwd_account_locked_time_mean_disabled() {
    List<Account> accounts =
        read(
            "dn: uid=a,ou=people,dc=x\nuid: a\nnsAccountLock: TRUE\n\n"
                + "dn: uid=b,ou=people,dc=x\nuid: b\npwdAccountLockedTime: 000001010000Z\n\n"
                + "dn: uid=c,ou=people,dc=x\nuid: c\nauthTimestamp: 20250102030405Z\n");

    assertThat(accounts).extracting(Account::enabled).containsExactly(false, false, true);
    assertThat(accounts.get(2).lastLogin()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
  }

  @Test
  void account_expires_never_values_mean_no_expiry() {
    List<Account> accounts =
        read(
            "dn: cn=a,dc=x\nsAMAccountName: a\naccountExpires: 9223372036854775807\n\n"
                + "dn: cn=b,dc=x\nsAMAccountName: b\naccountExpires: 0\n\n"
                + "dn: cn=c,dc=x\nsAMAccountName: c\naccountExpires: 133801632000000000\n");

    assertThat(accounts)
        .extracting(Account::expires)
        .containsExactly(null, null, Instant.parse("2025-01-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dn: cn=a,dc=x\\nuid a|d.ldif:2: expected 'attribute: value' (RFC 2849)",
        "dn: cn=a,dc=x\\nuid:: !!notbase64|d.ldif:2: invalid base64 value after '::'",
        "dn: cn=a,dc=x\\nuid: a\\nuserAccountControl: lots|d.ldif:1: userAccountControl 'lots' is not a number",
        "uid: a\\ndn: cn=a,dc=x|d.ldif:1: entry must start with 'dn:', found 'uid'",
        "' continued\\ndn: cn=a'|d.ldif:1: continuation line with nothing to continue",
        "dn: cn=a,dc=x\\nchangetype: delete|d.ldif:2: change record (changetype: delete) in an export",
        "dn: cn=a,dc=x\\nuid: a\\nlastLogonTimestamp: -5|d.ldif:1: lastLogonTimestamp '-5' is negative",
        "dn: cn=a,dc=x\\nuid: a\\nwhenCreated: 2024-01-01|d.ldif:1: creation time '2024-01-01' is not a GeneralizedTime (e.g. 20241215093000Z)",
        "dn: cn=a,dc=x\\nuid: a\\n\\ndn: CN=A,dc=x\\nuid: b|d.ldif:4: dn CN=A,dc=x already appears on line 1",
      })
  void malformed_ldif_names_file_line_and_reason_and_returns_nothing(String ldif, String message) {
    assertThatThrownBy(() -> read(ldif.replace("\\n", "\n")))
        .isInstanceOf(InputException.class)
        .hasMessage(message);
  }
}
