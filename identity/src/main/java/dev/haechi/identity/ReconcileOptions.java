package dev.haechi.identity;

import dev.haechi.identity.correlation.CorrelationRule;
import dev.haechi.identity.model.PrivilegedGroups;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to reconcile.
 *
 * @param asOf the moment the findings describe: people who left by then are leavers; accounts and
 *     secrets created later, and Vault requests made later, are not considered
 * @param rules correlation rules in the order they are tried
 * @param decisions earlier decisions on correlation cases: account key ({@code system:accountId})
 *     to employee ID
 * @param dormantAfter how long unused before an account is dormant
 * @param privilegedGroups groups that make an account privileged
 * @param ownDomains the organisation's own mail domains (lower case): an e-mail address matches a
 *     username by its local part only within them; empty means any domain
 */
public record ReconcileOptions(
    Instant asOf,
    List<CorrelationRule> rules,
    Map<String, String> decisions,
    Duration dormantAfter,
    PrivilegedGroups privilegedGroups,
    Set<String> ownDomains) {

  public ReconcileOptions(
      Instant asOf,
      List<CorrelationRule> rules,
      Map<String, String> decisions,
      Duration dormantAfter,
      PrivilegedGroups privilegedGroups) {
    this(asOf, rules, decisions, dormantAfter, privilegedGroups, Set.of());
  }

  /** The default dormancy period: 90 days. */
  public static final Duration DEFAULT_DORMANT_AFTER = Duration.ofDays(90);

  public ReconcileOptions {
    Objects.requireNonNull(asOf, "asOf");
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("at least one correlation rule is needed");
    }
    decisions = Map.copyOf(decisions);
    Objects.requireNonNull(dormantAfter, "dormantAfter");
    Objects.requireNonNull(privilegedGroups, "privilegedGroups");
    ownDomains =
        ownDomains == null
            ? Set.of()
            : ownDomains.stream()
                .map(d -> d.trim().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Defaults as of the end of {@code date} (UTC): the whole day counts. */
  public static ReconcileOptions asOf(LocalDate date) {
    return asOf(date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1));
  }

  /** Defaults as of an instant: default rules, no decisions, 90 days, default groups. */
  public static ReconcileOptions asOf(Instant asOf) {
    return new ReconcileOptions(
        asOf,
        CorrelationRule.defaults(),
        Map.of(),
        DEFAULT_DORMANT_AFTER,
        PrivilegedGroups.defaults());
  }

  public ReconcileOptions withRules(List<CorrelationRule> r) {
    return new ReconcileOptions(asOf, r, decisions, dormantAfter, privilegedGroups, ownDomains);
  }

  public ReconcileOptions withDecisions(Map<String, String> d) {
    return new ReconcileOptions(asOf, rules, d, dormantAfter, privilegedGroups, ownDomains);
  }

  public ReconcileOptions withDormantAfter(Duration d) {
    return new ReconcileOptions(asOf, rules, decisions, d, privilegedGroups, ownDomains);
  }

  public ReconcileOptions withPrivilegedGroups(PrivilegedGroups g) {
    return new ReconcileOptions(asOf, rules, decisions, dormantAfter, g, ownDomains);
  }

  /** The same options with the organisation's own mail domains. */
  public ReconcileOptions withOwnDomains(Set<String> domains) {
    return new ReconcileOptions(asOf, rules, decisions, dormantAfter, privilegedGroups, domains);
  }
}
