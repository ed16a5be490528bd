package dev.haechi.identity.model;

import java.util.List;

/**
 * Everything known about an organisation's identities at one moment: the roster, every account
 * source's accounts, the secret inventory, the Vault requests on known secrets, and published JWKS
 * keys. Readers build it; reconciliation only reads it.
 *
 * @param vaultLinesRead how many Vault audit lines were read in total (most are filtered out before
 *     parsing because they touch no known secret); 0 when there was no log
 */
public record IdentitySnapshot(
    List<Person> people,
    List<Account> accounts,
    List<Secret> secrets,
    List<VaultAccess> vaultAccesses,
    List<JwksKey> jwksKeys,
    long vaultLinesRead) {

  public IdentitySnapshot {
    people = List.copyOf(people);
    // A table is immutable already; anything else becomes one (a copy, as before).
    accounts = AccountTable.of(accounts);
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    vaultAccesses = vaultAccesses == null ? List.of() : List.copyOf(vaultAccesses);
    jwksKeys = jwksKeys == null ? List.of() : List.copyOf(jwksKeys);
  }

  /** The accounts as the table they are kept in (the same list as {@link #accounts()}). */
  public AccountTable accountTable() {
    return (AccountTable) accounts;
  }

  /**
   * What was read but deserves a person's attention without stopping anything, as {@code file:line:
   * problem}: a JWKS that publishes one {@code kid} twice (RFC 7517 allows it; both keys are kept,
   * and retiring the kid retires both).
   */
  public List<String> warnings() {
    List<String> out = new java.util.ArrayList<>();
    java.util.Map<String, JwksKey> first = new java.util.HashMap<>();
    for (JwksKey k : jwksKeys) {
      JwksKey earlier = first.putIfAbsent(k.location(), k);
      if (earlier != null) {
        out.add(
            k.source()
                + ": kid "
                + k.kid()
                + " is published twice by "
                + k.issuer()
                + " (also at line "
                + (earlier.source() == null ? "?" : earlier.source().line())
                + "); both keys are kept and retiring the kid retires both");
      }
    }
    return out;
  }

  /** A snapshot of people and accounts only. */
  public static IdentitySnapshot of(List<Person> people, List<Account> accounts) {
    return new IdentitySnapshot(people, accounts, List.of(), List.of(), List.of(), 0);
  }
}
