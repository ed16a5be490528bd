package dev.haechi.connectors;

import java.time.Instant;
import java.util.Objects;

/**
 * What a disable or re-enable did to one account, for the audit trail: the account, the mechanism
 * used (e.g. {@code userAccountControl}, {@code pwdAccountLockedTime}, {@code scim:active}), the
 * attribute's value before and after (null when absent), and whether anything changed. A request
 * for the state the account was already in is recorded with {@code changed = false}.
 *
 * @param target where the account lives (a URL without credentials)
 * @param accountId the DN or SCIM id
 * @param action what was asked
 * @param mechanism how the system records the state
 * @param before the value before (null when the attribute was absent)
 * @param after the value after (null when absent)
 * @param changed false when the account already was in the asked state
 * @param at when the change was made (or found unnecessary)
 */
public record AccountStateChange(
    String target,
    String accountId,
    Action action,
    String mechanism,
    String before,
    String after,
    boolean changed,
    Instant at) {

  /** The two operations. */
  public enum Action {
    DISABLE,
    ENABLE;

    public Action reverse() {
      return this == DISABLE ? ENABLE : DISABLE;
    }
  }

  public AccountStateChange {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(at, "at");
  }

  /** {@code disabled}, {@code already disabled}, {@code enabled} or {@code already enabled}. */
  public String outcome() {
    String done = action == Action.DISABLE ? "disabled" : "enabled";
    return changed ? done : "already " + done;
  }

  @Override
  public String toString() {
    return accountId + " at " + target + ": " + outcome() + " (" + mechanism + ": " + before
        + " -> " + after + ")";
  }
}
