package dev.haechi.connectors.ldap;

import static dev.haechi.connectors.ldap.InMemoryDirectory.BASE;
import static dev.haechi.connectors.ldap.InMemoryDirectory.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.identity.model.Account;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LdapAccountSourceTest {

  /** 2024-01-17T21:20:00Z as a Windows FILETIME. */
  private static final String FILETIME_2024_01_17 = "133500000000000000";

  private static void addAdUsers(InMemoryDirectory d) throws Exception {
    d.add("dn: ou=ad," + BASE, "objectClass: organizationalUnit", "ou: ad");
    d.add(
        "dn: CN=Jin Kim,ou=ad," + BASE,
        "objectClass: top",
        "objectClass: person",
        "objectClass: organizationalPerson",
        "objectClass: user",
        "cn: Jin Kim",
        "sAMAccountName: jkim",
        "mail: jkim@example.org",
        "employeeID: E1001",
        "userAccountControl: 66048",
        "accountExpires: 9223372036854775807",
        "lastLogonTimestamp: " + FILETIME_2024_01_17,
        "whenCreated: 20230301090000.0Z",
        "memberOf: CN=Domain Admins,CN=Users,DC=corp,DC=example",
        "memberOf: CN=VPN Users,CN=Users,DC=corp,DC=example",
        "adminCount: 1");
    d.add(
        "dn: CN=Soo Lee,ou=ad," + BASE,
        "objectClass: user",
        "objectClass: person",
        "cn: Soo Lee",
        "sAMAccountName: slee",
        "employeeID: E1002",
        "userAccountControl: 514",
        "accountExpires: 0");
    d.add(
        "dn: CN=WS01,ou=ad," + BASE,
        "objectClass: user",
        "objectClass: computer",
        "cn: WS01",
        "sAMAccountName: WS01$",
        "userAccountControl: 4096");
  }

  private static LdapAccountSource source(InMemoryDirectory d, LdapSearch search) {
    return new LdapAccountSource("ad", d.endpoint(), search, ENV);
  }

  @Test
  void active_directory_users_map_disabled_bit_last_logon_expiry_and_groups() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      addAdUsers(d);

      List<Account> accounts = source(d, LdapSearch.under(BASE)).readAll();

      assertThat(accounts).extracting(Account::username).containsExactly("jkim", "slee");
      Account jkim = accounts.get(0);
      assertThat(jkim.accountId()).isEqualTo("CN=Jin Kim,ou=ad," + BASE);
      assertThat(jkim.system()).isEqualTo("ad");
      assertThat(jkim.email()).isEqualTo("jkim@example.org");
      assertThat(jkim.employeeId()).isEqualTo("E1001");
      assertThat(jkim.enabled()).isTrue();
      assertThat(jkim.privileged()).isTrue();
      assertThat(jkim.lastLogin()).isEqualTo(Instant.parse("2024-01-17T21:20:00Z"));
      assertThat(jkim.loginsTracked()).isTrue();
      assertThat(jkim.expires()).isNull();
      assertThat(jkim.created()).isEqualTo(Instant.parse("2023-03-01T09:00:00Z"));
      assertThat(jkim.groups()).containsExactly("Domain Admins", "VPN Users");
      assertThat(jkim.attributes()).containsOnlyKeys("cn");
      assertThat(jkim.source().file()).isEqualTo(d.url() + "/" + BASE);
      Account slee = accounts.get(1);
      assertThat(slee.enabled()).isFalse();
      assertThat(slee.lastLogin()).isNull();
      assertThat(slee.loginsTracked()).isTrue();
    }
  }

  @Test
  void ns_account_lock_and_ppolicy_lock_mean_disabled() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add("dn: uid=a," + BASE, "objectClass: inetOrgPerson", "uid: a", "cn: A", "sn: A");
      d.add("dn: uid=b," + BASE, "objectClass: inetOrgPerson", "uid: b", "nsAccountLock: TRUE");
      d.add("dn: uid=c," + BASE, "objectClass: inetOrgPerson", "uid: c", "nsAccountLock: false");
      d.add(
          "dn: uid=d," + BASE,
          "objectClass: inetOrgPerson",
          "uid: d",
          "pwdAccountLockedTime: 000001010000Z",
          "employeeNumber: 42",
          "authTimestamp: 20250102030405Z",
          "createTimestamp: 20240101000000Z");

      List<Account> accounts = source(d, LdapSearch.under(BASE)).readAll();

      assertThat(accounts)
          .extracting(Account::username, Account::enabled)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("a", true),
              org.assertj.core.groups.Tuple.tuple("b", false),
              org.assertj.core.groups.Tuple.tuple("c", true),
              org.assertj.core.groups.Tuple.tuple("d", false));
      Account dAccount = accounts.get(3);
      assertThat(dAccount.employeeId()).isEqualTo("42");
      assertThat(dAccount.lastLogin()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
      assertThat(dAccount.created()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
    }
  }

  @Test
  void large_directory_is_read_in_pages_and_completely() throws Exception {
    AtomicInteger searches = new AtomicInteger();
    InMemoryOperationInterceptor counter =
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
            searches.incrementAndGet();
          }
        };
    try (InMemoryDirectory d = InMemoryDirectory.start(null, counter)) {
      for (int i = 0; i < 23; i++) {
        d.add("dn: uid=u" + i + "," + BASE, "objectClass: inetOrgPerson", "uid: u" + i);
      }

      List<Account> accounts = source(d, LdapSearch.under(BASE).withPageSize(5)).readAll();

      assertThat(accounts).hasSize(23);
      assertThat(accounts).extracting(Account::username).doesNotHaveDuplicates();
      assertThat(searches).hasValue(5);
    }
  }

  @Test
  void size_limit_on_a_later_page_fails_the_read_instead_of_returning_part() throws Exception {
    AtomicInteger results = new AtomicInteger();
    InMemoryOperationInterceptor limit =
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchResult(InMemoryInterceptedSearchResult result) {
            if (results.incrementAndGet() == 2) {
              result.setResult(
                  new LDAPResult(
                      result.getResult().getMessageID(), ResultCode.SIZE_LIMIT_EXCEEDED));
            }
          }
        };
    try (InMemoryDirectory d = InMemoryDirectory.start(null, limit)) {
      for (int i = 0; i < 10; i++) {
        d.add("dn: uid=u" + i + "," + BASE, "objectClass: inetOrgPerson", "uid: u" + i);
      }

      assertThatThrownBy(() -> source(d, LdapSearch.under(BASE).withPageSize(4)).readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining(d.url() + "/" + BASE)
          .hasMessageContaining("size limit was reached after 8 entries in 2 page(s)")
          .hasMessageContaining("nothing was read");
    }
  }

  @Test
  void connection_lost_mid_listing_fails_the_read() throws Exception {
    AtomicInteger searches = new AtomicInteger();
    InMemoryDirectory[] holder = new InMemoryDirectory[1];
    InMemoryOperationInterceptor dies =
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchRequest(InMemoryInterceptedSearchRequest request)
              throws LDAPException {
            if (searches.incrementAndGet() == 2) {
              holder[0].server.closeAllConnections(false);
              throw new LDAPException(ResultCode.UNAVAILABLE, "going away");
            }
          }
        };
    try (InMemoryDirectory d = InMemoryDirectory.start(null, dies)) {
      holder[0] = d;
      for (int i = 0; i < 10; i++) {
        d.add("dn: uid=u" + i + "," + BASE, "objectClass: inetOrgPerson", "uid: u" + i);
      }

      assertThatThrownBy(() -> source(d, LdapSearch.under(BASE).withPageSize(4)).readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining(d.url())
          .hasMessageContaining("after 4 entries in 2 page(s)")
          .hasMessageContaining("nothing was read");
    }
  }

  @Test
  void continuation_reference_to_another_server_fails_the_read() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add("dn: uid=a," + BASE, "objectClass: inetOrgPerson", "uid: a");
      d.add(
          "dn: ou=remote," + BASE,
          "objectClass: referral",
          "objectClass: extensibleObject",
          "ou: remote",
          "ref: ldap://other.example.org/ou=remote," + BASE);

      assertThatThrownBy(() -> source(d, LdapSearch.under(BASE)).readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("continuation reference")
          .hasMessageContaining("ldap://other.example.org/");
    }
  }

  @Test
  void missing_base_dn_is_named_in_the_error() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      assertThatThrownBy(() -> source(d, LdapSearch.under("ou=nowhere," + BASE)).readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("ou=nowhere," + BASE)
          .hasMessageContaining("base DN does not exist");
    }
  }

  @Test
  void wrong_password_fails_the_bind_without_showing_the_password() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      SecretEnvironment wrong = SecretEnvironment.of(Map.of("LDAP_PW", "guessed-Pa55"));

      assertThatThrownBy(
              () ->
                  new LdapAccountSource("ad", d.endpoint(), LdapSearch.under(BASE), wrong)
                      .readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining(d.url())
          .hasMessageContaining("bind as cn=admin," + BASE + " refused: invalid credentials")
          .message()
          .doesNotContain("guessed-Pa55");
    }
  }

  @Test
  void unset_password_variable_is_named_and_nothing_is_sent() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      assertThatThrownBy(
              () ->
                  new LdapAccountSource(
                          "ad",
                          d.endpoint(),
                          LdapSearch.under(BASE),
                          SecretEnvironment.of(Map.of()))
                      .readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("environment variable LDAP_PW is not set");
    }
  }

  @Test
  void unreachable_server_fails_naming_the_url() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LdapEndpoint nowhere = LdapEndpoint.of("ldap://127.0.0.1:" + port, "cn=x", "LDAP_PW");

    assertThatThrownBy(
            () -> new LdapAccountSource("ad", nowhere, LdapSearch.under(BASE), ENV).readAll())
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("ldap://127.0.0.1:" + port)
        .hasMessageContaining("cannot connect");
  }

  @Test
  void unreadable_value_names_the_entry() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add("dn: uid=a," + BASE, "objectClass: user", "uid: a", "userAccountControl: lots");

      assertThatThrownBy(() -> source(d, LdapSearch.under(BASE)).readAll())
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining(
              "entry uid=a," + BASE + ": userAccountControl 'lots' is not a number");
    }
  }

  @Test
  void attribute_returned_in_ranges_is_refused_rather_than_read_in_part() {
    com.unboundid.ldap.sdk.Entry e = new com.unboundid.ldap.sdk.Entry("CN=Big,DC=corp,DC=example");
    e.addAttribute("sAMAccountName", "big");
    e.addAttribute("memberOf;range=0-1499", "CN=G0,DC=corp,DC=example");

    assertThatThrownBy(() -> LdapEntryMapping.accounts(List.of(e), "ldap://dc1:389/x", "ad"))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("memberOf;range=0-1499 was returned in part");
  }

  @Test
  void urls_and_filters_are_checked_when_configured() {
    assertThatThrownBy(() -> LdapEndpoint.of("http://dc1", null, null))
        .hasMessageContaining("not an LDAP URL");
    assertThatThrownBy(() -> LdapSearch.under(BASE).withFilter("(uid=a"))
        .hasMessageContaining("not an LDAP filter");
    assertThat(LdapEndpoint.of("ldaps://dc1.corp.example/DC=corp,DC=example", null, null))
        .satisfies(e -> assertThat(e.describe()).isEqualTo("ldaps://dc1.corp.example:636"))
        .satisfies(e -> assertThat(e.baseDnInUrl()).isEqualTo("DC=corp,DC=example"));
  }
}
