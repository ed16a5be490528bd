package dev.haechi.identity.correlation;

import java.util.List;

/**
 * An account that a rule ties to more than one person: a person must decide which (or none). The
 * decision, fed back as {@code accountKey → employeeId}, links the account in later runs.
 *
 * @param rule the rule that found several people
 * @param candidates their employee IDs, sorted
 */
public record CorrelationCase(
    String accountKey, String system, String accountId, String rule, List<String> candidates) {

  public CorrelationCase {
    candidates = List.copyOf(candidates);
  }
}
