package dev.haechi.connectors;

/**
 * A live system in which one account can be disabled and re-enabled. Both operations are
 * idempotent: asking for the state an account is already in changes nothing and says so. Each
 * returns what was done, so that a caller can audit it and reverse it with the opposite call.
 */
public interface AccountControl {

  /**
   * @param accountId the account as the matching {@link AccountSource} names it (a DN, a SCIM id)
   * @throws ConnectorException when the account does not exist or the system refuses the change
   */
  AccountStateChange disable(String accountId);

  /** The reverse of {@link #disable}. */
  AccountStateChange enable(String accountId);

  /**
   * What {@link #disable} ({@code action} DISABLE) or {@link #enable} would do to the account now,
   * changing nothing: the mechanism, the value found, the value it would write and whether it would
   * change anything. A caller saves this before the change (write-ahead), so that after a crash it
   * knows the state the account had, and reads it again to learn whether the change happened.
   *
   * @throws ConnectorException when the account does not exist or cannot be read
   */
  AccountStateChange preview(String accountId, AccountStateChange.Action action);

  /** Applies the reverse of a change this control (or one like it) made earlier. */
  default AccountStateChange reverse(AccountStateChange change) {
    return change.action() == AccountStateChange.Action.DISABLE
        ? enable(change.accountId())
        : disable(change.accountId());
  }
}
