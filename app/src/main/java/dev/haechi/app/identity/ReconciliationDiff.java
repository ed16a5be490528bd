package dev.haechi.app.identity;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PersonStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two reconciliations: people who became leavers, and accounts that appeared
 * or disappeared ({@code system:accountId}). Lists are sorted; the first run of a server has no
 * previous state and reports itself as the baseline.
 */
public record ReconciliationDiff(
    boolean baseline,
    List<String> newLeavers,
    List<String> newAccounts,
    List<String> removedAccounts) {

  /** At most this many keys of each list are kept for display; the counts stay exact. */
  static final int SHOWN = 200;

  public static ReconciliationDiff between(IdentitySnapshot previous, IdentitySnapshot next) {
    if (previous == null) {
      return new ReconciliationDiff(true, List.of(), List.of(), List.of());
    }
    Map<String, PersonStatus> before = new HashMap<>();
    previous.people().forEach(p -> before.put(p.employeeId(), p.status()));
    List<String> leavers = new ArrayList<>();
    for (Person p : next.people()) {
      if (p.status() == PersonStatus.TERMINATED
          && before.get(p.employeeId()) != PersonStatus.TERMINATED) {
        leavers.add(p.employeeId());
      }
    }
    Set<String> old = keys(previous.accounts());
    Set<String> now = keys(next.accounts());
    List<String> added = new ArrayList<>();
    for (String k : now) {
      if (!old.contains(k)) {
        added.add(k);
      }
    }
    List<String> removed = new ArrayList<>();
    for (String k : old) {
      if (!now.contains(k)) {
        removed.add(k);
      }
    }
    leavers.sort(null);
    added.sort(null);
    removed.sort(null);
    return new ReconciliationDiff(false, leavers, added, removed);
  }

  private static Set<String> keys(List<Account> accounts) {
    Set<String> out = new HashSet<>(accounts.size() * 2);
    accounts.forEach(a -> out.add(a.system() + ":" + a.accountId()));
    return out;
  }

  /** The diff for storage and display: counts, and the first {@link #SHOWN} keys of each list. */
  public Map<String, Object> summary() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("baseline", baseline);
    m.put("newLeavers", head(newLeavers));
    m.put("newAccounts", head(newAccounts));
    m.put("removedAccounts", head(removedAccounts));
    return m;
  }

  private static List<String> head(List<String> l) {
    return l.size() <= SHOWN ? l : l.subList(0, SHOWN);
  }
}
