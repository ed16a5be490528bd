package dev.haechi.app.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Walks the whole audit chain and names the first broken record. Plain JDBC, so that the CLI can
 * verify a database without starting the server.
 *
 * <p>What it catches: an edited record (its hash no longer matches its content); a deleted record
 * in the middle (a gap in {@code seq}, or a {@code prevHash} that does not match the previous
 * record); deleted newest records (the head says the chain is longer than it is); a forged record
 * appended without the head (the head says it is shorter).
 *
 * <p>Since issue 12 each hash is an HMAC with a key outside the database, so a record edited and
 * re-hashed, or deleted with the chain relinked and recomputed, fails at the first record the
 * attacker recomputed; and the head is compared with the signed checkpoint outside the database, so
 * removing the newest records and rewinding the head is caught as well.
 */
public final class AuditChainVerifier {
  static final String GENESIS = "0".repeat(64);

  private AuditChainVerifier() {}

  /**
   * Verification outcome.
   *
   * @param intact true when every record checks
   * @param records how many records were read
   * @param firstBrokenSeq the first record that fails, or 0 when intact
   * @param reason why it fails, empty when intact
   */
  public record Result(boolean intact, long records, long firstBrokenSeq, String reason) {}

  /**
   * Verifies the chain with the seal's key against the checkpoint (empty when none was found, which
   * is reported as a failure: without it the newest records could have been removed).
   */
  public static Result verify(
      Connection connection, AuditSeal seal, java.util.Optional<AuditSeal.Checkpoint> checkpoint)
      throws SQLException {
    long expectedSeq = 1;
    String hashAtCheckpoint = null;
    String expectedPrev = GENESIS;
    long count = 0;
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT " + AuditRecord.COLUMNS + " FROM audit_log ORDER BY seq")) {
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AuditRecord r = AuditRecord.fromRow(rs);
          count++;
          if (r.seq() != expectedSeq) {
            return new Result(
                false,
                count,
                expectedSeq,
                "record "
                    + expectedSeq
                    + " is missing (deleted?): the chain jumps from "
                    + (expectedSeq - 1)
                    + " to "
                    + r.seq());
          }
          if (!r.prevHash().equals(expectedPrev)) {
            return new Result(
                false,
                count,
                r.seq(),
                "record "
                    + r.seq()
                    + " does not link to record "
                    + (r.seq() - 1)
                    + " (previous hash differs: record removed or replaced?)");
          }
          if (!r.contentMatchesHash(seal)) {
            return new Result(
                false,
                count,
                r.seq(),
                "record "
                    + r.seq()
                    + " ("
                    + r.action()
                    + ") was altered: its content no longer "
                    + "matches its hash (keyed with the audit key: a hash recomputed without the"
                    + " key does not match)");
          }
          if (checkpoint.isPresent() && r.seq() == checkpoint.get().seq()) {
            hashAtCheckpoint = r.hash();
          }
          expectedSeq++;
          expectedPrev = r.hash();
        }
      }
    }
    String chainId;
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT last_seq, last_hash, chain_id FROM audit_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return new Result(false, count, expectedSeq, "the audit head record is missing");
      }
      long lastSeq = rs.getLong(1);
      String lastHash = rs.getString(2);
      chainId = rs.getString(3);
      if (lastSeq > count) {
        return new Result(
            false,
            count,
            count + 1,
            "record "
                + (count + 1)
                + " is missing (deleted?): the chain should end at record "
                + lastSeq
                + " but ends at "
                + count);
      }
      if (lastSeq < count) {
        return new Result(
            false,
            count,
            lastSeq + 1,
            "record "
                + (lastSeq + 1)
                + " was added outside the audit log (the head ends at "
                + lastSeq
                + ")");
      }
      if (!lastHash.equals(expectedPrev)) {
        return new Result(
            false, count, count, "record " + count + " does not match the head's hash (replaced?)");
      }
    }
    return checkAgainst(checkpoint, seal, chainId, count, hashAtCheckpoint);
  }

  private static Result checkAgainst(
      java.util.Optional<AuditSeal.Checkpoint> checkpoint,
      AuditSeal seal,
      String chainId,
      long count,
      String hashAtCheckpoint) {
    if (checkpoint.isEmpty()) {
      return new Result(
          false,
          count,
          count,
          "no signed checkpoint ("
              + AuditSeal.CHECKPOINT_FILE
              + " in the home, or --checkpoint): cannot show that the newest records were not"
              + " removed");
    }
    AuditSeal.Checkpoint cp = checkpoint.get();
    if (!seal.signedByThisKey(cp)) {
      return new Result(
          false,
          count,
          cp.seq(),
          "the checkpoint's signature does not match the audit key (forged?)");
    }
    if (!cp.chainId().equals(chainId)) {
      return new Result(
          false,
          count,
          1,
          "the checkpoint is for chain "
              + cp.chainId()
              + " but the database holds chain "
              + chainId
              + " (database replaced?)");
    }
    if (cp.seq() > count) {
      return new Result(
          false,
          count,
          count + 1,
          "record "
              + (count + 1)
              + " is missing (deleted?): the signed checkpoint of "
              + cp.at()
              + " says the chain had reached record "
              + cp.seq()
              + " but it ends at "
              + count);
    }
    if (cp.seq() > 0 && !cp.hash().equals(hashAtCheckpoint)) {
      return new Result(
          false,
          count,
          cp.seq(),
          "record "
              + cp.seq()
              + " differs from the signed checkpoint of "
              + cp.at()
              + " (chain rewritten?)");
    }
    return new Result(true, count, 0, "");
  }
}
