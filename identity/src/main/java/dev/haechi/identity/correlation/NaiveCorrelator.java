package dev.haechi.identity.correlation;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reference correlator: compares every account with every person, O(accounts × people). It
 * exists to check {@link IndexedCorrelator}, not to be used on real inputs.
 */
public final class NaiveCorrelator implements Correlator {
  private final Set<String> ownDomains;

  public NaiveCorrelator() {
    this(Set.of());
  }

  /** A correlator that takes e-mail local parts as usernames only within {@code ownDomains}. */
  public NaiveCorrelator(Set<String> ownDomains) {
    this.ownDomains = Set.copyOf(ownDomains);
  }

  @Override
  public Correlation correlate(
      List<Person> people,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions) {
    List<AccountLink> links = new ArrayList<>();
    List<CorrelationCase> cases = new ArrayList<>();
    for (Account a : accounts) {
      String decided = decisions.get(a.key());
      if (decided != null && people.stream().anyMatch(p -> p.employeeId().equals(decided))) {
        links.add(new AccountLink(a.key(), decided, DECISION, 1.0));
        continue;
      }
      for (CorrelationRule rule : rules) {
        List<String> accountKeys = rule.accountKeys(a, ownDomains);
        TreeSet<String> found = new TreeSet<>();
        for (Person p : people) {
          for (String k : rule.personKeys(p, ownDomains)) {
            if (accountKeys.contains(k)) {
              found.add(p.employeeId());
            }
          }
        }
        if (found.size() == 1) {
          links.add(new AccountLink(a.key(), found.first(), rule.label(), rule.confidence()));
          break;
        }
        if (found.size() > 1) {
          cases.add(
              new CorrelationCase(
                  a.key(), a.system(), a.accountId(), rule.label(), List.copyOf(found)));
          break;
        }
      }
    }
    return new Correlation(links, cases);
  }
}
