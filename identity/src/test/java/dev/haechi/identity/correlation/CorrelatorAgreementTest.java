package dev.haechi.identity.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The indexed correlator must give exactly what the brute-force one gives. Values come from tiny
 * alphabets with case and whitespace variants, so that collisions, ambiguities and normalisation
 * are exercised on nearly every try.
 */
class CorrelatorAgreementTest {

  @Property(tries = 300)
  void indexed_correlator_agrees_with_the_naive_one(
      @ForAll("people") List<Person> people,
      @ForAll("accounts") List<Account> accounts,
      @ForAll("rules") List<CorrelationRule> rules,
      @ForAll("decisionSeeds") List<Integer> decisionSeeds) {
    Map<String, String> decisions = new HashMap<>();
    for (int i = 0; i < decisionSeeds.size() && !accounts.isEmpty(); i++) {
      int seed = decisionSeeds.get(i);
      decisions.put(accounts.get(seed % accounts.size()).key(), "E" + (seed % 7));
    }

    Correlation fast = new IndexedCorrelator().correlate(people, accounts, rules, decisions);
    Correlation naive = new NaiveCorrelator().correlate(people, accounts, rules, decisions);

    assertThat(fast).isEqualTo(naive);

    // The table path (accounts by row, owners as people) links alike, and each owner is the
    // roster's first person with the link's employee ID, duplicates on the roster included.
    AccountTable table = AccountTable.of(accounts);
    int[] rows = new int[table.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = i;
    }
    java.util.Set<CorrelationRule> indexed = new java.util.LinkedHashSet<>(rules);
    indexed.add(CorrelationRule.EMAIL);
    indexed.add(CorrelationRule.USERNAME);
    IndexedCorrelator.PersonIndex index =
        new IndexedCorrelator.PersonIndex(people, List.copyOf(indexed));
    List<CorrelationCase> cases = new java.util.ArrayList<>();
    IndexedCorrelator.TableLinks links =
        new IndexedCorrelator().linkTable(index, table, rows, rules, decisions, cases);
    List<AccountLink> tableLinks = new java.util.ArrayList<>();
    for (int k = 0; k < rows.length; k++) {
      AccountLink l = links.link(table, rows[k], k);
      if (l != null) {
        tableLinks.add(l);
        Person first =
            people.stream().filter(p -> p.employeeId().equals(l.employeeId())).findFirst().get();
        assertThat(links.owner(k)).isSameAs(first);
      }
    }
    assertThat(new Correlation(tableLinks, cases)).isEqualTo(naive);
  }

  private static Arbitrary<String> maybe(Arbitrary<String> a) {
    return a.injectNull(0.3);
  }

  private static Arbitrary<String> names() {
    return Arbitraries.of("jkim", "JKim", " jkim ", "slee", "s lee", "ops", "CORP\\jkim");
  }

  private static Arbitrary<String> emails() {
    return Arbitraries.of(
        "jkim@a.example",
        "JKIM@a.example ",
        "jkim@b.example",
        "slee@a.example",
        "ops@b.example",
        "not-an-email");
  }

  @Provide
  Arbitrary<List<Person>> people() {
    Arbitrary<Person> person =
        Combinators.combine(
                Arbitraries.of("E1", "e1", "E2", "E3", "E 4", "E5", "E6"),
                maybe(emails()),
                maybe(names()))
            .as(
                (id, email, user) ->
                    new Person(
                        id,
                        email,
                        user,
                        null,
                        null,
                        null,
                        null,
                        null,
                        PersonStatus.ACTIVE,
                        null,
                        null,
                        Map.of(),
                        null));
    return person.list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Account>> accounts() {
    Arbitrary<Account> account =
        Combinators.combine(
                Arbitraries.integers().between(0, 20),
                maybe(names()),
                maybe(emails()),
                maybe(Arbitraries.of("E1", " e2", "E3", "E9")))
            .as(
                (n, user, email, emp) ->
                    new Account(
                        "s", "a" + n, user, email, emp, true, false, null, false, null, null,
                        List.of(), Map.of(), null));
    return account.list().ofMaxSize(12).uniqueElements(Account::accountId);
  }

  @Provide
  Arbitrary<List<CorrelationRule>> rules() {
    return Arbitraries.of(CorrelationRule.values())
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .uniqueElements();
  }

  @Provide
  Arbitrary<List<Integer>> decisionSeeds() {
    return Arbitraries.integers().between(0, 1000).list().ofMaxSize(3);
  }
}
