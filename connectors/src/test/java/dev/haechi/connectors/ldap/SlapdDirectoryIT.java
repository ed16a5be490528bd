package dev.haechi.connectors.ldap;

import static dev.haechi.connectors.ldap.SlapdServer.ADMIN;
import static dev.haechi.connectors.ldap.SlapdServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.haechi.connectors.AccountStateChange;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.readers.LdifAccountReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads and disables accounts in a real OpenLDAP slapd with the ppolicy overlay. */
class SlapdDirectoryIT {
  private static final String ALICE = "uid=alice,ou=people," + BASE;
  private static final String BOB = "uid=bob,ou=people," + BASE;
  private static final String ALICE_PW = "alice-pw";

  private SlapdServer slapd;
  private SecretEnvironment env;

  @BeforeEach
  void start() throws Exception {
    slapd = SlapdServer.start();
    env =
        SecretEnvironment.of(
            Map.of("SLAPD_PW", slapd.adminPassword, "READER_PW", slapd.readerPassword));
    try (LDAPConnection c = slapd.admin()) {
      c.add(
          "dn: " + ALICE,
          "objectClass: inetOrgPerson",
          "uid: alice",
          "cn: Alice Park",
          "sn: Park",
          "mail: alice@example.org",
          "employeeNumber: E1001",
          "userPassword: " + ALICE_PW);
      c.add(
          "dn: " + BOB,
          "objectClass: inetOrgPerson",
          "uid: bob",
          "cn: Bob Choi",
          "sn: Choi",
          "employeeNumber: E1002",
          "userPassword: bob-pw");
      c.add(
          "dn: cn=db-admins,ou=groups," + BASE,
          "objectClass: groupOfNames",
          "cn: db-admins",
          "member: " + ALICE);
      c.modify(
          "dn: " + BOB,
          "changetype: modify",
          "add: pwdAccountLockedTime",
          "pwdAccountLockedTime: " + LdapAccountControl.PERMANENT_LOCK);
    }
  }

  @AfterEach
  void stop() {
    if (slapd != null) {
      slapd.close();
    }
  }

  private LdapEndpoint admin() {
    return LdapEndpoint.of(slapd.url(), ADMIN, "SLAPD_PW");
  }

  private List<Account> readAll(LdapSearch search) {
    return new LdapAccountSource("openldap", admin(), search, env).readAll();
  }

  private ResultCode bindAsAlice() {
    try (LDAPConnection c = new LDAPConnection("127.0.0.1", port(), ALICE, ALICE_PW)) {
      return c.isConnected() ? ResultCode.SUCCESS : ResultCode.SERVER_DOWN;
    } catch (LDAPException e) {
      return e.getResultCode();
    }
  }

  private int port() {
    return Integer.parseInt(slapd.url().substring(slapd.url().lastIndexOf(':') + 1));
  }

  @Test
  void accounts_read_live_equal_an_ldapsearch_export_read_as_ldif() throws Exception {
    assertThat(bindAsAlice()).isEqualTo(ResultCode.SUCCESS); // lastbind records authTimestamp

    List<Account> live = readAll(LdapSearch.under("ou=people," + BASE));

    assertThat(live).extracting(Account::username).containsExactly("alice", "bob");
    Account alice = live.get(0);
    assertThat(alice.enabled()).isTrue();
    assertThat(alice.email()).isEqualTo("alice@example.org");
    assertThat(alice.employeeId()).isEqualTo("E1001");
    assertThat(alice.groups()).containsExactly("db-admins");
    assertThat(alice.lastLogin()).isNotNull();
    assertThat(alice.loginsTracked()).isTrue();
    assertThat(alice.created()).isNotNull();
    assertThat(live.get(1).enabled()).isFalse();

    String export = ldapsearchExport("ou=people," + BASE);
    List<Account> file = LdifAccountReader.read(new StringReader(export), "export", "openldap");
    // Same accounts; the order of entries is the server's and may differ between searches.
    assertThat(withoutSource(live)).containsExactlyInAnyOrderElementsOf(withoutSource(file));
  }

  @Test
  void disable_and_re_enable_through_pwd_account_locked_time() throws Exception {
    LdapAccountControl control = new LdapAccountControl(admin(), null, env);
    assertThat(control.flavourOf(ALICE)).isEqualTo(DirectoryFlavour.PPOLICY);

    AccountStateChange disabled = control.disable(ALICE);

    assertThat(disabled.changed()).isTrue();
    assertThat(disabled.mechanism()).isEqualTo("pwdAccountLockedTime");
    assertThat(disabled.after()).isEqualTo("000001010000Z");
    assertThat(bindAsAlice()).isEqualTo(ResultCode.INVALID_CREDENTIALS);
    assertThat(control.disable(ALICE).outcome()).isEqualTo("already disabled");
    assertThat(readAll(LdapSearch.under(BASE)))
        .filteredOn(a -> a.accountId().equals(ALICE))
        .singleElement()
        .matches(a -> !a.enabled());

    AccountStateChange enabled = control.reverse(disabled);

    assertThat(enabled.outcome()).isEqualTo("enabled");
    assertThat(enabled.before()).isEqualTo("000001010000Z");
    assertThat(enabled.after()).isNull();
    assertThat(bindAsAlice()).isEqualTo(ResultCode.SUCCESS);
    assertThat(control.enable(ALICE).outcome()).isEqualTo("already enabled");
  }

  @Test
  void account_locked_before_is_re_enabled_by_removing_the_lock() {
    LdapAccountControl control = new LdapAccountControl(admin(), null, env);

    AccountStateChange change = control.enable(BOB);

    assertThat(change.changed()).isTrue();
    assertThat(readAll(LdapSearch.under("ou=people," + BASE))).allMatch(Account::enabled);
  }

  @Test
  void directory_larger_than_a_page_is_read_whole() throws Exception {
    try (LDAPConnection c = slapd.admin()) {
      for (int i = 0; i < 12; i++) {
        c.add(
            "dn: uid=u" + i + ",ou=people," + BASE,
            "objectClass: inetOrgPerson",
            "uid: u" + i,
            "cn: U" + i,
            "sn: U");
      }
    }

    List<Account> accounts = readAll(LdapSearch.under("ou=people," + BASE).withPageSize(5));

    assertThat(accounts).hasSize(14).extracting(Account::username).doesNotHaveDuplicates();
  }

  @Test
  void size_limit_of_the_bind_identity_fails_the_read_instead_of_returning_part() throws Exception {
    try (LDAPConnection c = slapd.admin()) {
      for (int i = 0; i < 5; i++) {
        c.add(
            "dn: uid=u" + i + ",ou=people," + BASE,
            "objectClass: inetOrgPerson",
            "uid: u" + i,
            "cn: U" + i,
            "sn: U");
      }
    }
    LdapEndpoint reader = LdapEndpoint.of(slapd.url(), SlapdServer.READER, "READER_PW");

    assertThatThrownBy(
            () -> new LdapAccountSource("openldap", reader, LdapSearch.under(BASE), env).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining(slapd.url() + "/" + BASE)
        .hasMessageContaining("size limit")
        .hasMessageContaining("nothing was read");
  }

  @Test
  void wrong_password_is_refused_by_slapd_and_named_without_the_password() {
    SecretEnvironment wrong = SecretEnvironment.of(Map.of("SLAPD_PW", "not-it"));

    assertThatThrownBy(
            () ->
                new LdapAccountSource("openldap", admin(), LdapSearch.under(BASE), wrong).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("invalid credentials")
        .message()
        .doesNotContain("not-it");
  }

  /** What an administrator's export looks like: ldapsearch's LDIF of the same entries. */
  private String ldapsearchExport(String base) throws Exception {
    Path pw = Files.createTempFile("slapd-pw", "");
    try {
      Files.writeString(pw, slapd.adminPassword, StandardCharsets.UTF_8);
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  "ldapsearch",
                  "-LLL",
                  "-o",
                  "ldif-wrap=no",
                  "-x",
                  "-H",
                  slapd.url(),
                  "-D",
                  ADMIN,
                  "-y",
                  pw.toString(),
                  "-b",
                  base,
                  LdapSearch.DEFAULT_FILTER));
      cmd.addAll(List.of(LdapEntryMapping.ATTRIBUTES));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      return out;
    } finally {
      Files.delete(pw);
    }
  }

  private static List<Account> withoutSource(List<Account> accounts) {
    return accounts.stream()
        .map(
            a ->
                new Account(
                    a.system(),
                    a.accountId(),
                    a.username(),
                    a.email(),
                    a.employeeId(),
                    a.enabled(),
                    a.privileged(),
                    a.lastLogin(),
                    a.loginsTracked(),
                    a.created(),
                    a.expires(),
                    a.groups(),
                    a.attributes(),
                    new SourceRef("-", 0)))
        .toList();
  }
}
