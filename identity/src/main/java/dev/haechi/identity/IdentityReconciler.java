package dev.haechi.identity;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.correlation.Correlation;
import dev.haechi.identity.correlation.CorrelationCase;
import dev.haechi.identity.correlation.CorrelationRule;
import dev.haechi.identity.correlation.IndexedCorrelator;
import dev.haechi.identity.correlation.IndexedCorrelator.PersonIndex;
import dev.haechi.identity.correlation.IndexedCorrelator.TableLinks;
import dev.haechi.identity.custody.CustodyLedger;
import dev.haechi.identity.custody.CustodyTimeline;
import dev.haechi.identity.findings.AccountFindings;
import dev.haechi.identity.findings.Evaluation;
import dev.haechi.identity.findings.FindingOrder;
import dev.haechi.identity.findings.PendingRows;
import dev.haechi.identity.findings.SecretFindings;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.AccountTable;
import dev.haechi.identity.model.IdentitySnapshot;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.VaultAccess;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Leaver Guard's entry point: reconciles a snapshot of people, accounts and secrets as of a moment
 * and returns the findings of FORMATS.md §4, the correlation cases, the links and the custody of
 * every secret. Pure: it reads the snapshot and touches nothing else, so the same snapshot and
 * options always give the same result.
 *
 * <p>Design note: every step is a single pass over its input with hash lookups (the person index,
 * the link map, the location map), so the cost is linear in people + accounts + secrets + Vault
 * requests. Account findings are judged in parallel slices and joined in account order, while
 * custody is built on another thread; the result does not depend on the number of threads.
 */
public final class IdentityReconciler {
  private IdentityReconciler() {}

  public static ReconcileResult reconcile(IdentitySnapshot snapshot, ReconcileOptions options) {
    LocalDate day = Evaluation.dayOf(options.asOf());
    List<Person> people = new ArrayList<>(snapshot.people().size());
    int leavers = 0;
    for (Person p : snapshot.people()) {
      if (!p.isHiredAfter(day)) {
        people.add(p);
        if (p.isLeaverOn(day)) {
          leavers++;
        }
      }
    }
    // Accounts stay in their table (columns): every pass below goes by row number and reads only
    // the fields it needs, and a finding keeps its row, not an account object. Counting by system,
    // rule and type is done in the passes that already touch each account, link and finding.
    AccountTable table = snapshot.accountTable();
    int[] rows = new int[table.size()];
    int kept = 0;
    Tally bySystem = new Tally();
    for (int i = 0; i < rows.length; i++) {
      if (!table.createdAfter(i, options.asOf())) {
        rows[kept++] = i;
        bySystem.add(table.system(i));
      }
    }
    if (kept < rows.length) {
      rows = java.util.Arrays.copyOf(rows, kept);
    }
    List<Secret> secrets = new ArrayList<>(snapshot.secrets().size());
    for (Secret s : snapshot.secrets()) {
      if (s.created() == null || !s.created().isAfter(options.asOf())) {
        secrets.add(s);
      }
    }
    // Grouping the Vault requests by secret needs neither the roster index nor the links: it runs
    // on another thread while this one builds the person index (one thread) and correlates.
    CompletableFuture<CustodyLedger.VaultGroups> vaultGroups =
        CompletableFuture.supplyAsync(
            () -> CustodyLedger.group(secrets, snapshot.vaultAccesses(), options.asOf()));

    Set<CorrelationRule> indexed = new LinkedHashSet<>(options.rules());
    indexed.add(CorrelationRule.EMAIL);
    indexed.add(CorrelationRule.USERNAME);
    PersonIndex index = new PersonIndex(people, List.copyOf(indexed), options.ownDomains());
    List<CorrelationCase> cases = new ArrayList<>();
    TableLinks linkOf =
        new IndexedCorrelator()
            .linkTable(index, table, rows, options.rules(), options.decisions(), cases);
    int linked = 0;
    Tally byRule = new Tally();
    for (int k = 0; k < rows.length; k++) {
      if (linkOf.owner(k) != null) {
        linked++;
        byRule.add(linkOf.rule(k));
      }
    }
    int[] linkedAt = new int[linked];
    linked = 0;
    for (int k = 0; k < rows.length; k++) {
      if (linkOf.owner(k) != null) {
        linkedAt[linked++] = k;
      }
    }
    List<AccountLink> linkList = new TableLinkList(table, rows, linkOf, linkedAt);
    cases = List.copyOf(cases);
    Set<String> secretOwners = new HashSet<>();
    for (Secret s : secrets) {
      if (s.ownerAccount() != null) {
        secretOwners.add(s.ownerAccount());
      }
    }
    Map<String, AccountLink> links = new HashMap<>();
    if (!secretOwners.isEmpty()) {
      for (int k : linkedAt) {
        String key = table.key(rows[k]);
        if (secretOwners.contains(key)) {
          links.put(key, linkOf.link(table, rows[k], k));
        }
      }
    }
    Set<String> undecided = new HashSet<>();
    Map<String, List<String>> caseCandidates = new HashMap<>();
    for (CorrelationCase c : cases) {
      undecided.add(c.accountKey());
      caseCandidates.put(c.accountKey(), c.candidates());
    }
    Map<String, Person> byId = new HashMap<>(people.size() * 2);
    for (Person p : people) {
      byId.putIfAbsent(p.employeeId(), p);
    }
    Map<String, JwksKey> jwks = new HashMap<>();
    for (JwksKey k : snapshot.jwksKeys()) {
      jwks.putIfAbsent(k.location(), k);
    }
    Evaluation ev =
        new Evaluation(
            options.asOf(),
            byId,
            undecided,
            options.privilegedGroups(),
            options.dormantAfter(),
            jwks,
            caseCandidates);

    // Custody and the secret findings on another thread while this one judges the accounts.
    CompletableFuture<SecretSide> custodyTask =
        vaultGroups.thenApplyAsync(
            groups -> {
              List<CustodyTimeline> timelines =
                  CustodyLedger.build(
                      secrets,
                      groups,
                      index,
                      key -> {
                        AccountLink l = links.get(key);
                        return l == null ? null : l.employeeId();
                      });
              List<Finding> secretFindings = new ArrayList<>();
              for (CustodyTimeline t : timelines) {
                SecretFindings.evaluate(t, ev, secretFindings);
              }
              return new SecretSide(timelines, secretFindings);
            });
    PendingRows found = AccountFindings.judgeTable(table, rows, linkOf, ev);
    SecretSide secretSide = joined(custodyTask);
    List<CustodyTimeline> custody = secretSide.custody();
    for (Finding f : secretSide.findings()) {
      found.add(f);
    }
    int[] ordered = FindingOrder.sortedRows(found);

    int vaultRequests = 0;
    for (VaultAccess v : snapshot.vaultAccesses()) {
      if (!v.time().isAfter(options.asOf())) {
        vaultRequests++;
      }
    }
    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      bySeverity.put(s.label(), 0);
    }
    int[] severities = new int[Severity.values().length];
    Tally byType = new Tally();
    for (int i = 0; i < found.size(); i++) {
      severities[found.severity(i).ordinal()]++;
      byType.add(found.type(i));
    }
    for (Severity s : Severity.values()) {
      bySeverity.merge(s.label(), severities[s.ordinal()], Integer::sum);
    }
    Summary summary =
        new Summary(
            options.asOf(),
            people.size(),
            leavers,
            bySystem.counts(),
            byRule.counts(),
            rows.length - linkList.size() - cases.size(),
            cases.size(),
            secrets.size(),
            snapshot.vaultLinesRead(),
            vaultRequests,
            byType.counts(),
            bySeverity);
    return new ReconcileResult(found.lazyList(ordered, ev), summary, cases, linkList, custody);
  }

  /** The task's result; its own exception when it failed (as if it had run on this thread). */
  private static <T> T joined(CompletableFuture<T> task) {
    try {
      return task.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** The custody timelines and the findings about secrets, made on the custody thread. */
  private record SecretSide(List<CustodyTimeline> custody, List<Finding> findings) {}

  /**
   * The links of a table's accounts in account order, each made when it is read (equal links each
   * time): a million links are otherwise a million objects with a million key strings.
   */
  private static final class TableLinkList extends java.util.AbstractList<AccountLink>
      implements java.util.RandomAccess {
    private final AccountTable table;
    private final int[] rows;
    private final TableLinks links;
    private final int[] linkedAt;

    TableLinkList(AccountTable table, int[] rows, TableLinks links, int[] linkedAt) {
      this.table = table;
      this.rows = rows;
      this.links = links;
      this.linkedAt = linkedAt;
    }

    @Override
    public AccountLink get(int index) {
      int k = linkedAt[index];
      return links.link(table, rows[k], k);
    }

    @Override
    public int size() {
      return linkedAt.length;
    }
  }

  /**
   * Counts by key, as {@link #count} does, with a mutable counter per key (no boxing per item): the
   * keys are few (systems, rules, types) and the items many, and runs of the same key object skip
   * the lookup.
   */
  private static final class Tally {
    private final Map<String, int[]> counts = new HashMap<>();
    private String last;
    private int[] lastCount;

    void add(String k) {
      if (k != last) {
        last = k;
        lastCount = counts.computeIfAbsent(k, x -> new int[1]);
      }
      lastCount[0]++;
    }

    Map<String, Integer> counts() {
      Map<String, Integer> m = new TreeMap<>();
      for (Map.Entry<String, int[]> e : counts.entrySet()) {
        m.put(e.getKey(), e.getValue()[0]);
      }
      return m;
    }
  }

  public static ReconcileResult reference(IdentitySnapshot snapshot, ReconcileOptions options) {
    LocalDate day = Evaluation.dayOf(options.asOf());
    List<Person> people = new ArrayList<>(snapshot.people().size());
    int leavers = 0;
    for (Person p : snapshot.people()) {
      if (!p.isHiredAfter(day)) {
        people.add(p);
        if (p.isLeaverOn(day)) {
          leavers++;
        }
      }
    }
    List<Account> accounts = new ArrayList<>(snapshot.accounts().size());
    for (Account a : snapshot.accounts()) {
      if (a.created() == null || !a.created().isAfter(options.asOf())) {
        accounts.add(a);
      }
    }
    List<Secret> secrets = new ArrayList<>(snapshot.secrets().size());
    for (Secret s : snapshot.secrets()) {
      if (s.created() == null || !s.created().isAfter(options.asOf())) {
        secrets.add(s);
      }
    }

    Set<CorrelationRule> indexed = new LinkedHashSet<>(options.rules());
    indexed.add(CorrelationRule.EMAIL);
    indexed.add(CorrelationRule.USERNAME);
    PersonIndex index = new PersonIndex(people, List.copyOf(indexed), options.ownDomains());
    List<CorrelationCase> cases = new ArrayList<>();
    AccountLink[] linkOf =
        new IndexedCorrelator()
            .linkEach(index, accounts, options.rules(), options.decisions(), cases);
    List<AccountLink> linkList = new ArrayList<>(accounts.size());
    for (AccountLink l : linkOf) {
      if (l != null) {
        linkList.add(l);
      }
    }
    Correlation correlation = new Correlation(linkList, cases);
    Set<String> secretOwners = new HashSet<>();
    for (Secret s : secrets) {
      if (s.ownerAccount() != null) {
        secretOwners.add(s.ownerAccount());
      }
    }
    Map<String, AccountLink> links = new HashMap<>();
    if (!secretOwners.isEmpty()) {
      for (AccountLink l : linkList) {
        if (secretOwners.contains(l.accountKey())) {
          links.put(l.accountKey(), l);
        }
      }
    }
    Set<String> undecided = new HashSet<>();
    Map<String, List<String>> caseCandidates = new HashMap<>();
    for (CorrelationCase c : correlation.cases()) {
      undecided.add(c.accountKey());
      caseCandidates.put(c.accountKey(), c.candidates());
    }
    Map<String, Person> byId = new HashMap<>(people.size() * 2);
    for (Person p : people) {
      byId.putIfAbsent(p.employeeId(), p);
    }
    Map<String, JwksKey> jwks = new HashMap<>();
    for (JwksKey k : snapshot.jwksKeys()) {
      jwks.putIfAbsent(k.location(), k);
    }
    Evaluation ev =
        new Evaluation(
            options.asOf(),
            byId,
            undecided,
            options.privilegedGroups(),
            options.dormantAfter(),
            jwks,
            caseCandidates);

    CompletableFuture<List<CustodyTimeline>> custodyTask =
        CompletableFuture.supplyAsync(
            () ->
                CustodyLedger.build(
                    secrets,
                    snapshot.vaultAccesses(),
                    options.asOf(),
                    index,
                    key -> {
                      AccountLink l = links.get(key);
                      return l == null ? null : l.employeeId();
                    }));
    List<Finding> found = AccountFindings.evaluateAll(accounts, linkOf, ev);
    List<CustodyTimeline> custody = custodyTask.join();
    for (CustodyTimeline t : custody) {
      SecretFindings.evaluate(t, ev, found);
    }
    List<Finding> findings = FindingOrder.sorted(found);

    int vaultRequests = 0;
    for (VaultAccess v : snapshot.vaultAccesses()) {
      if (!v.time().isAfter(options.asOf())) {
        vaultRequests++;
      }
    }
    Summary summary =
        new Summary(
            options.asOf(),
            people.size(),
            leavers,
            count(accounts, Account::system),
            count(correlation.links(), AccountLink::rule),
            accounts.size() - correlation.links().size() - correlation.cases().size(),
            correlation.cases().size(),
            secrets.size(),
            snapshot.vaultLinesRead(),
            vaultRequests,
            count(findings, Finding::type),
            bySeverity(findings));
    return new ReconcileResult(
        findings, summary, correlation.cases(), correlation.links(), custody);
  }

  private static <T> Map<String, Integer> count(
      List<T> items, java.util.function.Function<T, String> key) {
    Map<String, Integer> m = new TreeMap<>();
    for (T t : items) {
      m.merge(key.apply(t), 1, Integer::sum);
    }
    return m;
  }

  private static Map<String, Integer> bySeverity(List<Finding> findings) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      m.put(s.label(), 0);
    }
    for (Finding f : findings) {
      m.merge(f.severity().label(), 1, Integer::sum);
    }
    return m;
  }
}
