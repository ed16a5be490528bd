package dev.haechi.identity.findings;

import dev.haechi.identity.correlation.AccountLink;
import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.JwksKey;
import dev.haechi.identity.model.Person;
import dev.haechi.identity.model.PrivilegedGroups;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the finding rules need to know, as of one moment: who is on the roster, who owns which
 * account, which accounts are awaiting a decision, which groups are privileged, when an account
 * counts as dormant, and which keys are published.
 *
 * @param people roster by employee ID (people hired after {@code asOf} left out)
 * @param undecided keys of accounts that are correlation cases
 * @param jwks published keys by location ({@code jwks:ISSUER#KID})
 * @param caseCandidates the candidate owners (employee IDs) of each account awaiting a decision
 */
public record Evaluation(
    Instant asOf,
    Map<String, Person> people,
    Set<String> undecided,
    PrivilegedGroups privilegedGroups,
    Duration dormantAfter,
    Map<String, JwksKey> jwks,
    Map<String, List<String>> caseCandidates) {

  public Evaluation(
      Instant asOf,
      Map<String, Person> people,
      Set<String> undecided,
      PrivilegedGroups privilegedGroups,
      Duration dormantAfter,
      Map<String, JwksKey> jwks) {
    this(asOf, people, undecided, privilegedGroups, dormantAfter, jwks, Map.of());
  }

  /** The calendar day (UTC) of {@code asOf}, against which leaving dates are compared. */
  public LocalDate asOfDate() {
    return dayOf(asOf);
  }

  /** The calendar day (UTC) of an instant. */
  public static LocalDate dayOf(Instant at) {
    // The same day as LocalDate.ofInstant(at, ZoneOffset.UTC), without looking up the offset's
    // rules (JDK 17 builds a ZoneRules per call): hundreds of thousands of findings name a day.
    return LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), 86_400L));
  }

  public boolean isPrivileged(Account a) {
    return a.privileged() || privilegedGroups.anyPrivileged(a.groups());
  }

  /** The person a link names, or null for no link. */
  public Person owner(AccountLink link) {
    return link == null ? null : people.get(link.employeeId());
  }

  /** Days from {@code from} to the as-of time, rounded down. */
  public long daysSince(Instant from) {
    return Duration.between(from, asOf).toDays();
  }
}
