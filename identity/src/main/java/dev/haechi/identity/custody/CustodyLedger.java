package dev.haechi.identity.custody;

import dev.haechi.identity.correlation.CorrelationRule;
import dev.haechi.identity.correlation.IndexedCorrelator.PersonIndex;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.Secret;
import dev.haechi.identity.model.VaultAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds a {@link CustodyTimeline} per secret from three sources (FORMATS.md §1.3): the inventory's
 * custodians, Vault requests on the secret's location (each makes the requester a custodian from
 * its time on; requests after the as-of time are ignored), and the owner of the account a key
 * belongs to. A Vault username is matched to the roster by e-mail when it is one, else by username
 * or e-mail local part; a name that matches nobody or several people stays unresolved (no employee
 * ID) but is still listed.
 */
public final class CustodyLedger {
  private CustodyLedger() {}

  /**
   * @param secrets secrets in scope on the as-of date
   * @param accesses Vault requests on known locations, in log order
   * @param people the roster index (must index {@link CorrelationRule#EMAIL} and {@link
   *     CorrelationRule#USERNAME})
   * @param accountOwner employee ID owning an account key, or null
   */
  public static List<CustodyTimeline> build(
      List<Secret> secrets,
      List<VaultAccess> accesses,
      Instant asOf,
      PersonIndex people,
      Function<String, String> accountOwner) {
    return build(secrets, group(secrets, accesses, asOf), people, accountOwner);
  }

  /**
   * The Vault requests up to {@code asOf} grouped by the secret they touched and by requester, in
   * log order: the part of {@link #build} that needs neither the roster nor the correlation, so a
   * caller can start it before those are ready.
   */
  public static VaultGroups group(List<Secret> secrets, List<VaultAccess> accesses, Instant asOf) {
    Map<String, List<Secret>> byLocation = new HashMap<>();
    for (Secret s : secrets) {
      // custody learned at any of a key's locations is custody of the key (FORMATS.md §1.3)
      for (String location : s.locations()) {
        byLocation.computeIfAbsent(location, k -> new ArrayList<>(1)).add(s);
      }
    }
    Map<Secret, Map<String, List<VaultAccess>>> vaultBySecret = new IdentityHashMap<>();
    for (VaultAccess a : accesses) {
      if (a.time().isAfter(asOf)) {
        continue;
      }
      List<Secret> touched = byLocation.get(a.location());
      if (touched == null) {
        continue;
      }
      for (Secret s : touched) {
        vaultBySecret
            .computeIfAbsent(s, k -> new LinkedHashMap<>())
            .computeIfAbsent(a.username(), k -> new ArrayList<>())
            .add(a);
      }
    }
    return new VaultGroups(vaultBySecret);
  }

  /** What {@link #group} found: per secret (by identity), per requester, the requests in order. */
  public static final class VaultGroups {
    private final Map<Secret, Map<String, List<VaultAccess>>> bySecret;

    private VaultGroups(Map<Secret, Map<String, List<VaultAccess>>> bySecret) {
      this.bySecret = bySecret;
    }
  }

  /**
   * The timelines of {@code secrets} (the same list given to {@link #group}) from their Vault
   * requests grouped by {@link #group}.
   */
  public static List<CustodyTimeline> build(
      List<Secret> secrets,
      VaultGroups groups,
      PersonIndex people,
      Function<String, String> accountOwner) {
    Map<String, String> resolved = new HashMap<>();
    Map<Secret, Map<String, List<VaultAccess>>> vaultBySecret = groups.bySecret;
    List<CustodyTimeline> out = new ArrayList<>(secrets.size());
    for (Secret s : secrets) {
      List<CustodyEntry> entries = new ArrayList<>();
      for (String id : s.custodians()) {
        entries.add(
            new CustodyEntry(
                people.person(id) == null ? null : id,
                id,
                CustodySource.INVENTORY,
                null,
                null,
                List.of(),
                s.source() == null ? null : s.source().toString()));
      }
      if (s.ownerAccount() != null) {
        String owner = accountOwner.apply(s.ownerAccount());
        if (owner != null) {
          entries.add(
              new CustodyEntry(
                  owner,
                  owner,
                  CustodySource.ACCOUNT_OWNER,
                  null,
                  null,
                  List.of(),
                  s.source() == null ? null : s.source().toString()));
        }
      }
      Map<String, List<VaultAccess>> byUser = vaultBySecret.getOrDefault(s, Map.of());
      for (Map.Entry<String, List<VaultAccess>> e : byUser.entrySet()) {
        List<VaultAccess> list = e.getValue();
        String who = resolved.computeIfAbsent(e.getKey(), n -> resolve(n, people));
        entries.add(
            new CustodyEntry(
                who == null || who.isEmpty() ? null : who,
                e.getKey(),
                CustodySource.VAULT,
                list.get(0).time(),
                list.get(list.size() - 1).time(),
                list,
                null));
      }
      entries.sort(
          Comparator.comparing(
              CustodyEntry::since, Comparator.nullsFirst(Comparator.naturalOrder())));
      out.add(new CustodyTimeline(s, entries));
    }
    return out;
  }

  /** The employee ID a Vault name stands for, or "" when none or several. */
  static String resolve(String name, PersonIndex people) {
    List<Person> found = List.of();
    if (name.indexOf('@') > 0) {
      String email = CorrelationRule.email(name);
      found = email == null ? List.of() : people.find(CorrelationRule.EMAIL, email);
    }
    if (found.isEmpty()) {
      String login = CorrelationRule.login(name);
      found = login == null ? List.of() : people.find(CorrelationRule.USERNAME, login);
    }
    if (found.isEmpty()) {
      return "";
    }
    String id = found.get(0).employeeId();
    for (Person p : found) {
      if (!p.employeeId().equals(id)) {
        return "";
      }
    }
    return id;
  }
}
