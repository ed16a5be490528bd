package dev.haechi.identity.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One secret or key from the inventory, or an access key from an AWS credential report.
 *
 * @param location where it lives: a Vault path such as {@code transit/keys/token-signer}, {@code
 *     jwks:ISSUER#KID}, an ARN; several {@code ;}-separated locations when the same key material
 *     lives in several places (FORMATS.md §1.3), e.g. {@code
 *     transit/keys/token-signer;jwks:gateway#auth-2022-01}; may be null
 * @param created null when unknown
 * @param lastRotated null when never rotated
 * @param maxAge the rotation policy; null means the kind's default
 * @param custodians employee IDs the inventory names as holding or having held it
 * @param ownerAccount key ({@code system:accountId}) of the account the secret belongs to, for keys
 *     that belong to an account (AWS access keys); its owner is a custodian; null otherwise
 * @param active false for a secret that can no longer be used (an inactive AWS access key)
 */
public record Secret(
    String secretId,
    SecretKind kind,
    String system,
    String location,
    Instant created,
    Instant lastRotated,
    Duration maxAge,
    List<String> custodians,
    String ownerAccount,
    boolean active,
    SourceRef source) {

  public Secret {
    Objects.requireNonNull(secretId, "secretId");
    Objects.requireNonNull(kind, "kind");
    custodians = custodians == null ? List.of() : List.copyOf(custodians);
  }

  /**
   * Every place the material lives, in the inventory's order: {@code location} split at {@code ;},
   * trimmed, empty parts dropped; empty when there is no location.
   */
  public List<String> locations() {
    if (location == null) {
      return List.of();
    }
    if (location.indexOf(';') < 0) {
      String l = location.trim();
      return l.isEmpty() ? List.of() : List.of(l);
    }
    List<String> out = new java.util.ArrayList<>();
    for (String part : location.split(";")) {
      String l = part.trim();
      if (!l.isEmpty() && !out.contains(l)) {
        out.add(l);
      }
    }
    return List.copyOf(out);
  }

  /** The published keys among {@link #locations()}: {@code jwks:ISSUER#KID} locations. */
  public List<String> jwksLocations() {
    List<String> out = new java.util.ArrayList<>();
    for (String l : locations()) {
      if (l.startsWith("jwks:")) {
        out.add(l);
      }
    }
    return out;
  }

  /** The Vault transit keys among {@link #locations()}: {@code MOUNT/keys/NAME} locations. */
  public List<String> transitKeys() {
    List<String> out = new java.util.ArrayList<>();
    for (String l : locations()) {
      int k = l.lastIndexOf("/keys/");
      if (!l.startsWith("jwks:") && k > 0 && k + 6 < l.length() && l.indexOf('/', k + 6) < 0) {
        out.add(l);
      }
    }
    return out;
  }

  /** The policy in force: {@code maxAge}, or the kind's default. */
  public Duration effectiveMaxAge() {
    return maxAge != null ? maxAge : kind.defaultMaxAge();
  }

  /**
   * When the key material in use on {@code asOf} was made: the last rotation if it happened by
   * then, else the creation. Rotations before the last one are not known to the inventory, so a
   * rotation after {@code asOf} leaves only the creation date (a conservative answer).
   */
  public Instant materialSince(Instant asOf) {
    if (lastRotated != null && !lastRotated.isAfter(asOf)) {
      return lastRotated;
    }
    return created;
  }
}
