package dev.haechi.connectors.ldap;

import static dev.haechi.connectors.ldap.InMemoryDirectory.BASE;
import static dev.haechi.connectors.ldap.InMemoryDirectory.ENV;
import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.identity.model.Account;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Paged reading returns the same accounts as one unpaged search, whatever the page size. */
class LdapPagingPropertyTest {

  @Property(tries = 30)
  void paged_read_equals_the_whole_directory(
      @ForAll @IntRange(min = 0, max = 40) int entries,
      @ForAll @IntRange(min = 1, max = 15) int pageSize)
      throws Exception {
    try (InMemoryDirectory d = InMemoryDirectory.start()) {
      for (int i = 0; i < entries; i++) {
        d.add("dn: uid=u" + i + "," + BASE, "objectClass: inetOrgPerson", "uid: u" + i);
      }

      List<Account> read =
          new LdapAccountSource(
                  "ldap", d.endpoint(), LdapSearch.under(BASE).withPageSize(pageSize), ENV)
              .readAll();

      assertThat(read)
          .extracting(Account::username)
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, entries).mapToObj(i -> "u" + i).toList());
    }
  }
}
