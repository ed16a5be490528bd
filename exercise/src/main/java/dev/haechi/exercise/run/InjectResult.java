package dev.haechi.exercise.run;

import dev.haechi.core.Finding;
import dev.haechi.exercise.scenario.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What became of one inject.
 *
 * @param outcome null for injects that are not scored (terminate, rotate-key)
 * @param firstEvent the inject's first event (attacks) or the moment it happened
 * @param detectedAt simulated time of the first alert on its events, or null
 * @param ruleId the rule of that first alert, or null
 * @param events how many events it made; {@code refused} of them the gateway refused
 * @param rules every rule that fired on its events, first firing first
 * @param why the outcome in words
 * @param wouldCatch for {@code logged} and {@code missed}: which data source or rule would have
 *     caught it; else null
 * @param stopped failures: how many components and resources stopped (else null)
 * @param destroyed failures: how many burned (else null)
 * @param grade1RestoredAfter failures: when the plan has every grade-1 system back after the event
 *     (zero when none stopped; null when there is no feasible plan)
 * @param curve failures: the plan's restoration curve (systems back over time)
 * @param findings failures: risk findings, open at the start, that touch what was lost
 */
public record InjectResult(
    Inject inject,
    Outcome outcome,
    Instant firstEvent,
    Instant detectedAt,
    String ruleId,
    String ruleTitle,
    long events,
    long refused,
    List<RuleFiring> rules,
    String why,
    String wouldCatch,
    Integer stopped,
    Integer destroyed,
    Duration grade1RestoredAfter,
    Integer systemsToRestore,
    List<RestorationPoint> curve,
    List<Finding> findings,
    String planNote) {

  public InjectResult {
    rules = rules == null ? List.of() : List.copyOf(rules);
    curve = curve == null ? List.of() : List.copyOf(curve);
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  public Duration timeToDetect() {
    return detectedAt == null || firstEvent == null
        ? null
        : Duration.between(firstEvent, detectedAt);
  }
}
