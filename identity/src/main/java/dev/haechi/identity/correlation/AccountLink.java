package dev.haechi.identity.correlation;

/**
 * An account tied to a person.
 *
 * @param accountKey {@code system:accountId}
 * @param rule the rule that made the link, or {@code decision} when a person decided it earlier
 * @param confidence from 0 to 1
 */
public record AccountLink(String accountKey, String employeeId, String rule, double confidence) {}
