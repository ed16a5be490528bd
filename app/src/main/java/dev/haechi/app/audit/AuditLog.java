package dev.haechi.app.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends state-changing actions to the audit chain and reads them back.
 *
 * <p>Appends lock the single {@code audit_head} row ({@code SELECT … FOR UPDATE}), so that appends
 * from several server instances on one PostgreSQL database serialise and the chain stays linear. An
 * append joins the caller's transaction when there is one, so an action and its audit record are
 * committed together or not at all.
 */
@Component
public class AuditLog {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  public AuditLog(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
  }

  /** Appends one record and returns it. Details must never hold a secret. */
  public AuditRecord append(String actor, String action, String target, String details) {
    return tx.execute(
        status -> {
          Map<String, Object> head =
              jdbc.queryForMap(
                  "SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
          long seq = ((Number) head.get("last_seq")).longValue() + 1;
          String prev = (String) head.get("last_hash");
          Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
          String safeDetails = details == null ? "" : details;
          String hash = AuditRecord.hashOf(prev, seq, at, actor, action, target, safeDetails);
          jdbc.update(
              "INSERT INTO audit_log (seq, occurred_at, actor, action, target, details, prev_hash,"
                  + " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              seq,
              OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
              actor,
              action,
              target,
              safeDetails,
              prev,
              hash);
          jdbc.update("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, hash);
          return new AuditRecord(seq, at, actor, action, target, safeDetails, prev, hash);
        });
  }

  /** Records, newest first. */
  public List<AuditRecord> page(int page, int size) {
    return jdbc.query(
        "SELECT " + AuditRecord.COLUMNS + " FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?",
        (rs, i) -> AuditRecord.fromRow(rs),
        size,
        (long) page * size);
  }

  public long count() {
    Long n = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
    return n == null ? 0 : n;
  }

  /** Verifies the whole chain on a connection of this store. */
  public AuditChainVerifier.Result verify() {
    return jdbc.execute(AuditChainVerifier::verify);
  }
}
