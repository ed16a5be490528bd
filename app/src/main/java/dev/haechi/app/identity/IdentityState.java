package dev.haechi.app.identity;

import dev.haechi.core.Finding;
import dev.haechi.identity.ReconcileResult;
import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.correlation.CorrelationCase;
import dev.haechi.identity.custody.CustodyEntry;
import dev.haechi.identity.custody.CustodyTimeline;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.Person;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The latest reconciliation held in memory for the console's person pages and case queue: people,
 * their accounts (through the correlation links), the secrets they held and the findings about
 * them. Findings are also in the store; this view is rebuilt by the next reconciliation after a
 * restart.
 */
@Component
public class IdentityState {
  private volatile Loaded current;
  private final java.util.concurrent.atomic.AtomicLong version =
      new java.util.concurrent.atomic.AtomicLong();

  /** One reconciliation and its indexes. */
  public record Loaded(
      String source,
      LocalDate asOf,
      IdentitySnapshot snapshot,
      ReconcileResult result,
      Map<String, Person> people,
      Map<String, List<Account>> accountsByPerson,
      Map<String, AccountLink> linkByAccount) {}

  /** Everything Haechi knows about one person. */
  public record PersonView(
      Person person,
      List<LinkedAccount> accounts,
      List<HeldSecret> secrets,
      List<Finding> findings,
      String source,
      LocalDate asOf) {}

  /** An account of the person and how it was tied to them. */
  public record LinkedAccount(Account account, String rule, double confidence) {}

  /** A secret the person held, with their custody entry and the secret's whole timeline. */
  public record HeldSecret(CustodyTimeline timeline, CustodyEntry entry) {}

  public void replace(
      String source, LocalDate asOf, IdentitySnapshot snapshot, ReconcileResult reconciled) {
    // The reconciler writes findings out only when they are read; the console reads them on every
    // person page and plan, so they are written out once here and kept.
    ReconcileResult r =
        new ReconcileResult(
            List.copyOf(reconciled.findings()),
            reconciled.summary(),
            reconciled.cases(),
            reconciled.links(),
            reconciled.custody());
    Map<String, Person> people = new HashMap<>();
    snapshot.people().forEach(p -> people.put(p.employeeId(), p));
    Map<String, AccountLink> links = new HashMap<>();
    r.links().forEach(l -> links.put(l.accountKey(), l));
    Map<String, List<Account>> byPerson = new HashMap<>();
    for (Account a : snapshot.accounts()) {
      AccountLink l = links.get(a.system() + ":" + a.accountId());
      if (l != null) {
        byPerson.computeIfAbsent(l.employeeId(), k -> new ArrayList<>()).add(a);
      }
    }
    current = new Loaded(source, asOf, snapshot, r, people, byPerson, links);
    version.incrementAndGet();
  }

  /**
   * Grows by one with every {@link #replace}, so that views built from the state know to rebuild.
   */
  public long version() {
    return version.get();
  }

  public Optional<Loaded> current() {
    return Optional.ofNullable(current);
  }

  public List<CorrelationCase> cases() {
    Loaded l = current;
    return l == null ? List.of() : l.result().cases();
  }

  public Optional<PersonView> person(String employeeId) {
    Loaded l = current;
    if (l == null || !l.people().containsKey(employeeId)) {
      return Optional.empty();
    }
    List<LinkedAccount> accounts = new ArrayList<>();
    for (Account a : l.accountsByPerson().getOrDefault(employeeId, List.of())) {
      AccountLink link = l.linkByAccount().get(a.system() + ":" + a.accountId());
      accounts.add(new LinkedAccount(a, link.rule(), link.confidence()));
    }
    accounts.sort(Comparator.comparing(x -> x.account().system()));
    List<HeldSecret> secrets = new ArrayList<>();
    for (CustodyTimeline t : l.result().custody()) {
      for (CustodyEntry e : t.entries()) {
        if (employeeId.equals(e.employeeId())) {
          secrets.add(new HeldSecret(t, e));
        }
      }
    }
    List<Finding> findings =
        l.result().findings().stream()
            .filter(f -> employeeId.equals(f.subject().get("person")))
            .toList();
    return Optional.of(
        new PersonView(
            l.people().get(employeeId), accounts, secrets, findings, l.source(), l.asOf()));
  }
}
