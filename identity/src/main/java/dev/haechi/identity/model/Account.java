package dev.haechi.identity.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One account in one system, as any source (CSV, LDIF, SCIM, AWS credential report, or a live
 * directory) describes it. Every field but {@code system} and {@code accountId} may be null:
 * sources differ in what they know, and correlation and findings use what is there.
 *
 * @param system the system the account belongs to (the source's name, e.g. {@code ad})
 * @param accountId unique within the system (a DN, a SCIM id, an ARN, a CSV account_id)
 * @param enabled false when the source says the account is disabled or locked
 * @param privileged true when the source marks it privileged or it is in a privileged group
 * @param lastLogin null when never or unknown
 * @param loginsTracked true when the source records logins, so that a null {@code lastLogin} means
 *     "never logged in" rather than "unknown"
 * @param created null when unknown
 * @param expires null when it never expires (LDAP {@code accountExpires})
 * @param groups group names the account belongs to (LDAP {@code memberOf} CNs), possibly empty
 * @param attributes anything else the source said that a person may want to see
 */
public record Account(
    String system,
    String accountId,
    String username,
    String email,
    String employeeId,
    boolean enabled,
    boolean privileged,
    Instant lastLogin,
    boolean loginsTracked,
    Instant created,
    Instant expires,
    List<String> groups,
    Map<String, String> attributes,
    SourceRef source) {

  public Account {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(accountId, "accountId");
    groups = groups == null ? List.of() : List.copyOf(groups);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** The key that names this account across systems: {@code system:accountId}. */
  public String key() {
    return system + ":" + accountId;
  }

  /** True when the account can be used at {@code at}: enabled and not expired. */
  public boolean isUsableAt(Instant at) {
    return enabled && (expires == null || expires.isAfter(at));
  }

  /** The name a person would recognise: username, else e-mail, else the account ID. */
  public String label() {
    if (username != null) {
      return username;
    }
    return email != null ? email : accountId;
  }
}
