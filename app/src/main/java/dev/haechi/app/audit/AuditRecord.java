package dev.haechi.app.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One record of the audit chain.
 *
 * @param seq position in the chain, starting at 1, without gaps
 * @param occurredAt when it happened, to the millisecond
 * @param actor who did it (a username, {@code token:<prefix>}, or {@code system})
 * @param action what was done, e.g. {@code login.success}, {@code user.created}
 * @param target what it was done to
 * @param details more about it (never a secret)
 * @param prevHash the hash of record {@code seq - 1} (64 zeros for the first)
 * @param hash HMAC-SHA256, with the audit key kept outside the database ({@link AuditSeal}), over
 *     {@code prevHash} and this record's content
 */
public record AuditRecord(
    long seq,
    Instant occurredAt,
    String actor,
    String action,
    String target,
    String details,
    String prevHash,
    String hash) {

  /** The columns {@link #fromRow} reads, in order. */
  static final String COLUMNS = "seq, occurred_at, actor, action, target, details, prev_hash, hash";

  /** Reads a record from a row selected with {@link #COLUMNS}. */
  static AuditRecord fromRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new AuditRecord(
        rs.getLong(1),
        rs.getObject(2, java.time.OffsetDateTime.class).toInstant(),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8));
  }

  /** The keyed hash a record with this content must have. Fields are length-prefixed. */
  public static String hashOf(
      AuditSeal seal,
      String prevHash,
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String target,
      String details) {
    return seal.mac(canonical(prevHash, seq, occurredAt, actor, action, target, details));
  }

  /**
   * The unkeyed SHA-256 hash records had before issue 12 (and what an attacker without the key can
   * compute). Used only to check a legacy chain before it is sealed with the key.
   */
  public static String legacyHashOf(
      String prevHash,
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String target,
      String details) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(
              sha.digest(
                  canonical(prevHash, seq, occurredAt, actor, action, target, details)
                      .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String canonical(
      String prevHash,
      long seq,
      Instant occurredAt,
      String actor,
      String action,
      String target,
      String details) {
    StringBuilder canonical = new StringBuilder(256);
    for (String field :
        new String[] {
          prevHash, Long.toString(seq), occurredAt.toString(), actor, action, target, details
        }) {
      canonical.append(field.length()).append(':').append(field).append('\n');
    }
    return canonical.toString();
  }

  /** True when the stored hash is this content's HMAC under the seal's key. */
  public boolean contentMatchesHash(AuditSeal seal) {
    return MessageDigest.isEqual(
        hash.getBytes(StandardCharsets.US_ASCII),
        hashOf(seal, prevHash, seq, occurredAt, actor, action, target, details)
            .getBytes(StandardCharsets.US_ASCII));
  }

  /** True when the stored hash is the legacy unkeyed SHA-256 of this content. */
  boolean contentMatchesLegacyHash() {
    return hash.equals(legacyHashOf(prevHash, seq, occurredAt, actor, action, target, details));
  }
}
