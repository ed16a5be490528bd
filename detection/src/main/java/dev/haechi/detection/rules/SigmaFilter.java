package dev.haechi.detection.rules;

import java.util.List;

/**
 * A Sigma global filter (Sigma filters specification v2.1): the rules it applies to, by id or name
 * ({@code any} or {@code all} for every rule its log source covers), and a detection whose
 * condition is and-ed to theirs (pySigma's semantics: a rule still matches only where the filter's
 * condition holds, so a suppressing filter says {@code not selection}).
 */
public record SigmaFilter(
    String id,
    String title,
    LogSource logsource,
    List<String> rules,
    Detection detection,
    RuleOrigin origin) {
  public SigmaFilter {
    rules = List.copyOf(rules);
  }

  /** Whether {@code rules} is {@code any} or {@code all} (or empty): every covered rule. */
  public boolean appliesToAny() {
    return rules.isEmpty()
        || (rules.size() == 1
            && (rules.get(0).equalsIgnoreCase("any") || rules.get(0).equalsIgnoreCase("all")));
  }
}
