package dev.haechi.detection.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * What the identity context knows about one token-signing key.
 *
 * @param kid the JWS {@code kid} header value
 * @param status the key's status
 * @param since when the status began (retirement, the custodian's leaving); null when unknown, in
 *     which case the status holds for every event. A token used before {@code since} sees the key
 *     as {@link KeyStatus#ACTIVE}.
 * @param issuer the token issuer ({@code iss}) the key signs for; null when not known. A kid is
 *     only unique within its issuer (RFC 7515 §4.1.4), so status is keyed by (issuer, kid).
 */
public record SigningKey(String kid, KeyStatus status, Instant since, String issuer) {
  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(status, "status");
  }

  public SigningKey(String kid, KeyStatus status, Instant since) {
    this(kid, status, since, null);
  }

  /** The status a token presented at {@code at} (null: unknown time) sees. */
  public KeyStatus statusAt(Instant at) {
    if (since != null && at != null && at.isBefore(since) && status.untrusted()) {
      return KeyStatus.ACTIVE;
    }
    return status;
  }
}
