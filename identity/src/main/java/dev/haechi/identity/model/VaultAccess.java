package dev.haechi.identity.model;

import java.time.Instant;

/**
 * One request in a Vault audit log on a known secret's location: who, when, what.
 *
 * @param username the person as Vault names them ({@code auth.metadata.username}, or {@code
 *     auth.display_name} without its auth-method prefix)
 * @param operation Vault's {@code request.operation}: read, update, create, …
 * @param path the request path, e.g. {@code transit/export/signing-key/token-signer}
 * @param location the secret location the path belongs to, e.g. {@code transit/keys/token-signer}
 * @param copiesKeyMaterial true for {@code transit/export/…} and {@code transit/backup/…}
 * @param source the log file and line
 */
public record VaultAccess(
    Instant time,
    String username,
    String operation,
    String path,
    String location,
    boolean copiesKeyMaterial,
    SourceRef source) {

  /** The evidence line: {@code vault-audit.log:NNN: transit/export/… by jkim at …}. */
  public String evidence() {
    // As source + ": " + path + " by " + username + " at " + time, with the time written without
    // the formatter (IsoInstant); VaultAccessTest checks the two agree.
    StringBuilder sb = new StringBuilder(80);
    sb.append(source.file());
    if (source.line() > 0) {
      sb.append(':').append(source.line());
    }
    sb.append(": ").append(path).append(" by ").append(username).append(" at ");
    return IsoInstant.append(sb, time).toString();
  }

  /** The evidence line as the plain concatenation writes it (the reference for tests). */
  String evidenceReference() {
    return source + ": " + path + " by " + username + " at " + time;
  }
}
