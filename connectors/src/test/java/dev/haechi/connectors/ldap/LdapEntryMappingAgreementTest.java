package dev.haechi.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import dev.haechi.core.InputException;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.SourceRef;
import dev.haechi.identity.readers.LdifAccountReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The live mapping must give the same accounts as the identity module's LDIF reader given an LDIF
 * export of the same entries (up to the source reference, which for a file names a line). Entries
 * are random mixes of every attribute the mapping reads, written out by UnboundID's LDIF writer.
 */
class LdapEntryMappingAgreementTest {
  private static final String[] CLASSES = {
    "top",
    "person",
    "inetOrgPerson",
    "user",
    "posixAccount",
    "computer",
    "organizationalUnit",
    "group"
  };

  @Property(tries = 300)
  void live_mapping_agrees_with_the_ldif_reader_on_an_export_of_the_same_entries(
      @ForAll long seed) {
    Random r = new Random(seed);
    List<Entry> entries = new ArrayList<>();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      entries.add(randomEntry(r, i));
    }

    List<Account> live = LdapEntryMapping.accounts(entries, "live", "ad");
    List<Account> file = LdifAccountReader.read(new StringReader(ldif(entries)), "export", "ad");

    assertThat(withoutSource(live)).isEqualTo(withoutSource(file));
  }

  /** Nested groups, a privileged primary group, a contact and ppolicy locks: one mapping. */
  private static final String DIRECTORY =
      String.join(
          "\n",
          "dn: cn=Domain Admins,cn=Users,dc=corp,dc=example",
          "objectClass: group",
          "cn: Domain Admins",
          "",
          "dn: cn=Tier0,ou=Groups,dc=corp,dc=example",
          "objectClass: group",
          "cn: Tier0",
          "sAMAccountName: Tier0",
          "memberOf: cn=Domain Admins,cn=Users,dc=corp,dc=example",
          "member: cn=Ops,ou=Staff,dc=corp,dc=example",
          "",
          "dn: cn=policy,dc=corp,dc=example",
          "objectClass: pwdPolicy",
          "cn: policy",
          "pwdLockoutDuration: 900",
          "",
          "dn: cn=Ops,ou=Staff,dc=corp,dc=example",
          "objectClass: user",
          "sAMAccountName: ops",
          "pwdAccountLockedTime: 20250101000000Z",
          "",
          "dn: cn=Glass,ou=Staff,dc=corp,dc=example",
          "objectClass: user",
          "sAMAccountName: glass",
          "primaryGroupID: 512",
          "",
          "dn: cn=Contact,ou=Contacts,dc=corp,dc=example",
          "objectClass: person",
          "objectClass: contact",
          "cn: Contact",
          "");

  @Test
  void live_entries_and_their_export_give_the_same_directory_semantics() throws Exception {
    List<Entry> entries = new ArrayList<>();
    try (com.unboundid.ldif.LDIFReader reader =
        new com.unboundid.ldif.LDIFReader(
            new java.io.BufferedReader(new StringReader(DIRECTORY)))) {
      Entry e;
      while ((e = reader.readEntry()) != null) {
        entries.add(e);
      }
    }

    List<Account> live = LdapEntryMapping.accounts(entries, "live", "ad");
    List<Account> file = LdifAccountReader.read(new StringReader(DIRECTORY), "export", "ad");

    assertThat(withoutSource(live)).isEqualTo(withoutSource(file));
    assertThat(live).extracting(Account::username).containsExactly("ops", "glass");
    assertThat(live.get(0).groups()).containsExactly("Tier0", "Domain Admins");
    assertThat(live.get(0).enabled()).isTrue();
    assertThat(live.get(1).privileged()).isTrue();
  }

  @Test
  void a_live_group_cycle_names_the_entry_and_reads_nothing() {
    Entry a = new Entry("cn=a,dc=x", new com.unboundid.ldap.sdk.Attribute("objectClass", "group"));
    a.addAttribute("memberOf", "cn=b,dc=x");
    Entry b = new Entry("cn=b,dc=x", new com.unboundid.ldap.sdk.Attribute("objectClass", "group"));
    b.addAttribute("memberOf", "cn=a,dc=x");

    assertThatThrownBy(() -> LdapEntryMapping.accounts(List.of(a, b), "ldap://dc1:389/x", "ad"))
        .isInstanceOf(dev.haechi.connectors.ConnectorException.class)
        .hasMessageContaining("entry cn=a,dc=x: nested groups form a cycle");
  }

  @Test
  void both_reject_an_unreadable_filetime() {
    Entry e =
        new Entry("uid=a,dc=example,dc=org", new com.unboundid.ldap.sdk.Attribute("uid", "a"));
    e.addAttribute("lastLogonTimestamp", "yesterday");

    assertThatThrownBy(() -> LdapEntryMapping.accounts(List.of(e), "live", "ad"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("lastLogonTimestamp 'yesterday' is not a number");
    assertThatThrownBy(
            () -> LdifAccountReader.read(new StringReader(ldif(List.of(e))), "export", "ad"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("lastLogonTimestamp 'yesterday' is not a number");
  }

  private static String ldif(List<Entry> entries) {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      sb.append(e.toLDIFString()).append('\n');
    }
    return sb.toString();
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

  private static Entry randomEntry(Random r, int i) {
    Entry e = new Entry("uid=u" + i + ",ou=people,dc=example,dc=org");
    int classes = r.nextInt(3);
    for (int c = 0; c < classes; c++) {
      e.addAttribute("objectClass", pick(r, CLASSES));
    }
    maybe(r, e, "uid", text(r));
    maybe(r, e, "sAMAccountName", text(r));
    maybe(r, e, "cn", text(r));
    maybe(r, e, "mail", text(r) + "@example.org");
    maybe(r, e, "employeeNumber", text(r));
    maybe(r, e, "employeeID", text(r));
    maybe(r, e, "userAccountControl", Integer.toString(r.nextInt(70_000)));
    maybe(r, e, "nsAccountLock", pick(r, new String[] {"true", "TRUE", "false", " true "}));
    maybe(r, e, "pwdAccountLockedTime", pick(r, new String[] {"000001010000Z", "20250101000000Z"}));
    maybe(r, e, "accountExpires", fileTime(r));
    maybe(r, e, "lastLogonTimestamp", fileTime(r));
    maybe(r, e, "authTimestamp", generalizedTime(r));
    maybe(r, e, "whenCreated", generalizedTime(r));
    maybe(r, e, "createTimestamp", generalizedTime(r));
    maybe(r, e, "adminCount", pick(r, new String[] {"0", "1", " 1"}));
    int groups = r.nextInt(3);
    for (int g = 0; g < groups; g++) {
      e.addAttribute(
          "memberOf",
          pick(
              r,
              new String[] {
                "CN=Domain Admins,CN=Users,DC=corp,DC=example",
                "cn=db-admins,ou=groups,dc=example,dc=org",
                "CN=R\\,D Team,OU=Groups,DC=corp,DC=example",
                "cn=vpn+ou=x,dc=example,dc=org",
                "Administrators"
              }));
    }
    return e;
  }

  private static void maybe(Random r, Entry e, String attribute, String value) {
    if (r.nextInt(3) == 0) {
      e.addAttribute(attribute, value);
    }
  }

  private static String text(Random r) {
    return pick(r, new String[] {"jkim", "J.Kim", " padded ", "김진", "a b", "x", "E1001", "0"});
  }

  private static String fileTime(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> "0";
      case 1 -> "9223372036854775807";
      default -> Long.toString(116_444_736_000_000_000L + (long) (r.nextDouble() * 2e17));
    };
  }

  private static String generalizedTime(Random r) {
    String base =
        String.format(
            "%04d%02d%02d%02d%02d%02d",
            1990 + r.nextInt(50),
            1 + r.nextInt(12),
            1 + r.nextInt(28),
            r.nextInt(24),
            r.nextInt(60),
            r.nextInt(60));
    String fraction = r.nextBoolean() ? "" : "." + r.nextInt(1000);
    String zone = pick(r, new String[] {"Z", "+0900", "-0530"});
    return base + fraction + zone;
  }

  private static String pick(Random r, String[] options) {
    return options[r.nextInt(options.length)];
  }
}
