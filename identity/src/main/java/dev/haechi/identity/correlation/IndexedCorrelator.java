package dev.haechi.identity.correlation;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.Person;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The correlator for real inputs: one hash index per rule from normalised key to people, built
 * once, so correlation costs O(people + accounts) lookups. Agrees with {@link NaiveCorrelator}
 * (checked by a randomised test).
 */
public final class IndexedCorrelator implements Correlator {

  @Override
  public Correlation correlate(
      List<Person> people,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions) {
    return correlate(new PersonIndex(people, rules), accounts, rules, decisions);
  }

  /** Correlates against an index built beforehand; it must index every rule in {@code rules}. */
  public Correlation correlate(
      PersonIndex index,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions) {
    List<CorrelationCase> cases = new ArrayList<>();
    AccountLink[] each = linkEach(index, accounts, rules, decisions, cases);
    List<AccountLink> links = new ArrayList<>(accounts.size());
    for (AccountLink l : each) {
      if (l != null) {
        links.add(l);
      }
    }
    return new Correlation(links, cases);
  }

  /**
   * The link of each account, by position in {@code accounts} (null for no link), adding the
   * ambiguous accounts to {@code cases}: the same answer as {@link #correlate}, in a shape that
   * lets a caller look a link up by position instead of by key.
   */
  public AccountLink[] linkEach(
      PersonIndex index,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions,
      List<CorrelationCase> cases) {
    AccountLink[] links = new AccountLink[accounts.size()];
    linkRange(index, accounts, rules, decisions, cases, 0, accounts.size(), links);
    return links;
  }

  /**
   * The same as {@link #linkEach}, with slices of accounts linked in parallel; each slice's cases
   * are kept apart and joined in account order, so the answer does not depend on the number of
   * threads.
   */
  public AccountLink[] linkEachParallel(
      PersonIndex index,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions,
      List<CorrelationCase> cases) {
    AccountLink[] links = new AccountLink[accounts.size()];
    int slice = 1 << 15;
    int slices = (accounts.size() + slice - 1) / slice;
    List<List<CorrelationCase>> parts =
        java.util.stream.IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s -> {
                  List<CorrelationCase> own = new ArrayList<>();
                  linkRange(
                      index,
                      accounts,
                      rules,
                      decisions,
                      own,
                      s * slice,
                      Math.min(accounts.size(), (s + 1) * slice),
                      links);
                  return own;
                })
            .toList();
    for (List<CorrelationCase> part : parts) {
      cases.addAll(part);
    }
    return links;
  }

  /**
   * {@link #linkEachParallel} for the accounts {@code rows} of a table: the same links, kept as
   * each account's owner and rule instead of one {@link AccountLink} per account ({@link
   * TableLinks#link} makes one when asked). Cases are added to {@code cases} in account order.
   */
  public TableLinks linkTable(
      PersonIndex index,
      AccountTable table,
      int[] rows,
      List<CorrelationRule> rules,
      Map<String, String> decisions,
      List<CorrelationCase> cases) {
    TableLinks links = new TableLinks(rows.length);
    int slice = 1 << 15;
    int slices = (rows.length + slice - 1) / slice;
    List<List<CorrelationCase>> parts =
        java.util.stream.IntStream.range(0, slices)
            .parallel()
            .mapToObj(
                s -> {
                  List<CorrelationCase> own = new ArrayList<>();
                  linkTableRange(
                      index,
                      table,
                      rows,
                      rules,
                      decisions,
                      own,
                      s * slice,
                      Math.min(rows.length, (s + 1) * slice),
                      links);
                  return own;
                })
            .toList();
    for (List<CorrelationCase> part : parts) {
      cases.addAll(part);
    }
    return links;
  }

  private static void linkTableRange(
      PersonIndex index,
      AccountTable t,
      int[] rows,
      List<CorrelationRule> rules,
      Map<String, String> decisions,
      List<CorrelationCase> cases,
      int from,
      int to,
      TableLinks links) {
    for (int k = from; k < to; k++) {
      int row = rows[k];
      if (!decisions.isEmpty()) {
        String decided = decisions.get(t.key(row));
        Person p = decided == null ? null : index.person(decided);
        if (p != null) {
          links.owners[k] = p;
          links.rules[k] = TableLinks.DECIDED;
          continue;
        }
      }
      for (CorrelationRule rule : rules) {
        String key = rule.accountKey(t, row, index.ownDomains());
        if (key == null) {
          continue;
        }
        List<Person> found = index.find(rule, key);
        if (found.isEmpty()) {
          continue;
        }
        if (found.size() == 1) {
          links.owners[k] = index.first(found.get(0));
          links.rules[k] = (byte) rule.ordinal();
          break;
        }
        TreeSet<String> ids = new TreeSet<>();
        for (Person p : found) {
          ids.add(p.employeeId());
        }
        if (ids.size() == 1) {
          links.owners[k] = index.person(ids.first());
          links.rules[k] = (byte) rule.ordinal();
        } else {
          cases.add(
              new CorrelationCase(
                  t.key(row), t.system(row), t.accountId(row), rule.label(), List.copyOf(ids)));
        }
        break;
      }
    }
  }

  /**
   * The links of a table's accounts by position: the owner (null for none) and the rule. A link's
   * employee ID is its owner's; the owner is the roster's first person with that ID, as the
   * evaluation's look-up by ID gives.
   */
  public static final class TableLinks {
    static final byte DECIDED = -1;
    private static final CorrelationRule[] RULES = CorrelationRule.values();

    private final Person[] owners;
    private final byte[] rules;

    TableLinks(int size) {
      owners = new Person[size];
      rules = new byte[size];
    }

    public int size() {
      return owners.length;
    }

    /** The owner of the account at position {@code k}, or null when it has no link. */
    public Person owner(int k) {
      return owners[k];
    }

    /** The label of the rule that linked position {@code k} ({@code decision} for a decision). */
    public String rule(int k) {
      return rules[k] == DECIDED ? DECISION : RULES[rules[k]].label();
    }

    /** The link of position {@code k}, account {@code row} of {@code t}, or null. */
    public AccountLink link(AccountTable t, int row, int k) {
      Person p = owners[k];
      if (p == null) {
        return null;
      }
      return rules[k] == DECIDED
          ? new AccountLink(t.key(row), p.employeeId(), DECISION, 1.0)
          : new AccountLink(
              t.key(row), p.employeeId(), RULES[rules[k]].label(), RULES[rules[k]].confidence());
    }
  }

  private static void linkRange(
      PersonIndex index,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions,
      List<CorrelationCase> cases,
      int from,
      int to,
      AccountLink[] links) {
    for (int pos = from; pos < to; pos++) {
      Account a = accounts.get(pos);
      String decided = decisions.isEmpty() ? null : decisions.get(a.key());
      if (decided != null && index.person(decided) != null) {
        links[pos] = new AccountLink(a.key(), decided, DECISION, 1.0);
        continue;
      }
      for (CorrelationRule rule : rules) {
        String key = rule.accountKey(a, index.ownDomains());
        if (key == null) {
          continue;
        }
        List<Person> found = index.find(rule, key);
        if (found.isEmpty()) {
          continue;
        }
        if (found.size() == 1) {
          links[pos] =
              new AccountLink(a.key(), found.get(0).employeeId(), rule.label(), rule.confidence());
          break;
        }
        TreeSet<String> ids = new TreeSet<>();
        for (Person p : found) {
          ids.add(p.employeeId());
        }
        if (ids.size() == 1) {
          links[pos] = new AccountLink(a.key(), ids.first(), rule.label(), rule.confidence());
        } else {
          cases.add(
              new CorrelationCase(
                  a.key(), a.system(), a.accountId(), rule.label(), List.copyOf(ids)));
        }
        break;
      }
    }
  }

  /** Hash indexes of people by each rule's keys, and by employee ID. */
  public static final class PersonIndex {
    private final Map<String, Person> byId;
    private final Map<CorrelationRule, Map<String, List<Person>>> byRule = new HashMap<>();

    private final Set<String> ownDomains;

    /** True when no two people share an employee ID: then each person is their ID's first. */
    private final boolean uniqueIds;

    public PersonIndex(List<Person> people, List<CorrelationRule> rules) {
      this(people, rules, Set.of());
    }

    /**
     * @param ownDomains the organisation's own mail domains, lower case: e-mail local parts count
     *     as usernames only within them (any domain when empty)
     */
    public PersonIndex(List<Person> people, List<CorrelationRule> rules, Set<String> ownDomains) {
      this.ownDomains = Set.copyOf(ownDomains);
      this.byId = new HashMap<>(Math.max(16, people.size() * 2));
      for (Person p : people) {
        byId.putIfAbsent(p.employeeId(), p);
      }
      this.uniqueIds = byId.size() == people.size();
      for (CorrelationRule rule : rules) {
        Map<String, List<Person>> m = new HashMap<>(people.size() * 2);
        for (Person p : people) {
          for (String k : rule.personKeys(p, ownDomains)) {
            // Nearly every key names one person: an immutable one-element list (half the objects
            // of an ArrayList per key), replaced by a growing list at the second person.
            List<Person> had = m.putIfAbsent(k, List.of(p));
            if (had != null) {
              List<Person> more = had instanceof ArrayList<Person> grown ? grown : grow(had);
              more.add(p);
              if (more != had) {
                m.put(k, more);
              }
            }
          }
        }
        byRule.put(rule, m);
      }
    }

    private static List<Person> grow(List<Person> one) {
      List<Person> more = new ArrayList<>(2);
      more.addAll(one);
      return more;
    }

    /** The organisation's own mail domains this index was built for (empty: any). */
    public Set<String> ownDomains() {
      return ownDomains;
    }

    /** The person with this exact employee ID, or null. */
    public Person person(String employeeId) {
      return byId.get(employeeId);
    }

    /**
     * The first person on the roster with {@code p}'s employee ID ({@code person(p.employeeId())}),
     * without the look-up when IDs are unique (the HR readers refuse duplicates): a million links
     * each paid one more hash look-up for it.
     */
    public Person first(Person p) {
      return uniqueIds ? p : byId.get(p.employeeId());
    }

    /** People whose keys under {@code rule} include {@code key} (possibly one person twice). */
    public List<Person> find(CorrelationRule rule, String key) {
      Map<String, List<Person>> m = byRule.get(rule);
      List<Person> found = m == null ? null : m.get(key);
      return found == null ? List.of() : found;
    }
  }
}
