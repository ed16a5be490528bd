package dev.haechi.identity;

import java.time.Instant;
import java.util.Map;

/**
 * Counts that describe one reconciliation, for the {@code summary} object of the JSON output. Maps
 * iterate in a stable order (systems, rules and types by name; severities most severe first).
 *
 * @param people people on the roster on the as-of date
 * @param leavers of them, those who had left by then
 * @param accountsBySystem accounts considered, per system
 * @param linksByRule linked accounts per rule (including {@code decision})
 * @param unlinkedAccounts accounts with no owner and no open case
 * @param cases accounts awaiting a decision
 * @param secrets secrets considered
 * @param vaultLinesRead lines in the Vault audit log
 * @param vaultRequests requests on known secrets up to the as-of time
 */
public record Summary(
    Instant asOf,
    int people,
    int leavers,
    Map<String, Integer> accountsBySystem,
    Map<String, Integer> linksByRule,
    int unlinkedAccounts,
    int cases,
    int secrets,
    long vaultLinesRead,
    int vaultRequests,
    Map<String, Integer> findingsByType,
    Map<String, Integer> findingsBySeverity) {}
