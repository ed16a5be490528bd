package dev.haechi.identity.correlation;

import dev.haechi.identity.model.Account;
import dev.haechi.identity.model.Person;
import java.util.List;
import java.util.Map;

/**
 * Ties accounts to people. For each account, in this order: an earlier decision ({@code accountKey
 * → employeeId}, for a person on the roster) links it with rule {@code decision} and confidence 1;
 * otherwise each rule is tried in the given order, and the first rule that finds anyone decides —
 * one person is a link, several are a {@link CorrelationCase}. {@link IndexedCorrelator} and {@link
 * NaiveCorrelator} must agree on every input.
 */
public interface Correlator {
  /** The rule name of links made by a person's decision. */
  String DECISION = "decision";

  Correlation correlate(
      List<Person> people,
      List<Account> accounts,
      List<CorrelationRule> rules,
      Map<String, String> decisions);
}
