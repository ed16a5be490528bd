package dev.haechi.connectors.ldap;

import static dev.haechi.connectors.ldap.InMemoryDirectory.BASE;
import static dev.haechi.connectors.ldap.InMemoryDirectory.ENV;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Entry;
import dev.haechi.connectors.AccountStateChange;
import dev.haechi.connectors.AccountStateChange.Action;
import dev.haechi.connectors.ConnectorException;
import dev.haechi.identity.model.Account;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LdapAccountControlTest {
  private static final Instant NOW = Instant.parse("2025-07-01T09:00:00Z");
  private static final String JKIM = "CN=Jin Kim," + BASE;
  private static final String ALICE = "uid=alice," + BASE;

  private static LdapAccountControl control(InMemoryDirectory d, DirectoryFlavour flavour) {
    return new LdapAccountControl(d.endpoint(), flavour, ENV, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static void addAdUser(InMemoryDirectory d, int flags) throws Exception {
    d.add(
        "dn: " + JKIM,
        "objectClass: user",
        "cn: Jin Kim",
        "sAMAccountName: jkim",
        "userAccountControl: " + flags);
  }

  @Test
  void active_directory_disable_sets_bit_0x2_and_keeps_the_other_bits() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      addAdUser(d, 66048); // NORMAL_ACCOUNT | DONT_EXPIRE_PASSWORD

      AccountStateChange change = control(d, null).disable(JKIM);

      assertThat(d.value(JKIM, "userAccountControl")).isEqualTo("66050");
      assertThat(change)
          .isEqualTo(
              new AccountStateChange(
                  d.endpoint().describe(),
                  JKIM,
                  Action.DISABLE,
                  "userAccountControl",
                  "66048",
                  "66050",
                  true,
                  NOW));
      assertThat(change.outcome()).isEqualTo("disabled");
    }
  }

  @Test
  void active_directory_disable_of_a_disabled_account_is_a_no_op() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      addAdUser(d, 514);

      AccountStateChange change = control(d, null).disable(JKIM);

      assertThat(change.changed()).isFalse();
      assertThat(change.outcome()).isEqualTo("already disabled");
      assertThat(d.value(JKIM, "userAccountControl")).isEqualTo("514");
    }
  }

  @Test
  void reversing_an_active_directory_disable_restores_the_flags() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      addAdUser(d, 66048);
      LdapAccountControl control = control(d, null);

      AccountStateChange disabled = control.disable(JKIM);
      AccountStateChange enabled = control.reverse(disabled);

      assertThat(enabled.action()).isEqualTo(Action.ENABLE);
      assertThat(enabled.before()).isEqualTo("66050");
      assertThat(enabled.after()).isEqualTo("66048");
      assertThat(d.value(JKIM, "userAccountControl")).isEqualTo("66048");
      assertThat(control.enable(JKIM).outcome()).isEqualTo("already enabled");
    }
  }

  @Test
  void disabled_account_is_read_back_as_disabled() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      addAdUser(d, 512);
      control(d, null).disable(JKIM);

      Account a =
          new LdapAccountSource("ad", d.endpoint(), LdapSearch.under(BASE), ENV).readAll().get(0);

      assertThat(a.enabled()).isFalse();
    }
  }

  @Test
  void ns_account_lock_is_set_to_true_and_removed_to_re_enable() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add("dn: " + ALICE, "objectClass: inetOrgPerson", "uid: alice", "nsAccountLock: false");
      LdapAccountControl control = control(d, null);

      AccountStateChange disabled = control.disable(ALICE);
      assertThat(d.value(ALICE, "nsAccountLock")).isEqualTo("true");
      assertThat(disabled.mechanism()).isEqualTo("nsAccountLock");
      assertThat(control.disable(ALICE).outcome()).isEqualTo("already disabled");

      AccountStateChange enabled = control.enable(ALICE);
      assertThat(d.value(ALICE, "nsAccountLock")).isNull();
      assertThat(enabled.before()).isEqualTo("true");
      assertThat(enabled.after()).isNull();
    }
  }

  @Test
  void flavour_of_a_never_locked_389_account_comes_from_the_vendor_name() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start("389 Project", null)) {
      d.add("dn: " + ALICE, "objectClass: inetOrgPerson", "uid: alice");
      LdapAccountControl control = control(d, null);

      assertThat(control.flavourOf(ALICE)).isEqualTo(DirectoryFlavour.NS_ACCOUNT_LOCK);
      control.disable(ALICE);

      assertThat(d.value(ALICE, "nsAccountLock")).isEqualTo("true");
    }
  }

  @Test
  void configured_flavour_wins_over_detection() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add("dn: " + ALICE, "objectClass: inetOrgPerson", "uid: alice");

      AccountStateChange change = control(d, DirectoryFlavour.parse("ppolicy")).disable(ALICE);

      assertThat(d.value(ALICE, "pwdAccountLockedTime"))
          .isEqualTo(LdapAccountControl.PERMANENT_LOCK);
      assertThat(change.after()).isEqualTo("000001010000Z");
    }
  }

  @Test
  void temporary_ppolicy_lockout_is_made_permanent_by_disable() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add(
          "dn: " + ALICE,
          "objectClass: inetOrgPerson",
          "uid: alice",
          "pwdAccountLockedTime: 20250630081500Z");
      LdapAccountControl control = control(d, null);

      AccountStateChange change = control.disable(ALICE);

      assertThat(change.changed()).isTrue();
      assertThat(change.before()).isEqualTo("20250630081500Z");
      assertThat(d.value(ALICE, "pwdAccountLockedTime")).isEqualTo("000001010000Z");
      assertThat(control.disable(ALICE).outcome()).isEqualTo("already disabled");
    }
  }

  @Test
  void directory_it_cannot_place_asks_for_a_configured_flavour() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      d.add("dn: " + ALICE, "objectClass: inetOrgPerson", "uid: alice");

      assertThatThrownBy(() -> control(d, null).disable(ALICE))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining(ALICE)
          .hasMessageContaining("configure the flavour");
      assertThat(d.value(ALICE, "pwdAccountLockedTime")).isNull();
    }
  }

  @Test
  void active_directory_flags_changed_since_read_fail_instead_of_being_overwritten()
      throws Exception {
    // The directory answers the read with a stale userAccountControl (512) while it holds 66048:
    // what a change by someone else between our read and our modify looks like.
    InMemoryOperationInterceptor stale =
        new InMemoryOperationInterceptor() {
          @Override
          public void processSearchEntry(InMemoryInterceptedSearchEntry entry) {
            Entry e = entry.getSearchEntry().duplicate();
            if (e.hasAttribute("userAccountControl")) {
              e.setAttribute("userAccountControl", "512");
              entry.setSearchEntry(e);
            }
          }
        };
    try (InMemoryDirectory d = InMemoryDirectory.start(null, stale)) {
      addAdUser(d, 66048);

      assertThatThrownBy(() -> control(d, null).disable(JKIM))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("userAccountControl changed since it was read");
      assertThat(d.value(JKIM, "userAccountControl")).isEqualTo("66048");
    }
  }

  @Test
  void unknown_dn_fails_naming_it() throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      assertThatThrownBy(() -> control(d, null).disable("uid=ghost," + BASE))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("uid=ghost," + BASE)
          .hasMessageContaining("no such entry");
    }
  }

  @Test
  void unknown_flavour_name_is_rejected() {
    assertThatThrownBy(() -> DirectoryFlavour.parse("novell"))
        .hasMessageContaining("unknown directory flavour");
    assertThat(DirectoryFlavour.parse("auto")).isNull();
    assertThat(DirectoryFlavour.parse("AD")).isEqualTo(DirectoryFlavour.ACTIVE_DIRECTORY);
  }
}
