package dev.haechi.app.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends state-changing actions to the audit chain and reads them back.
 *
 * <p>Appends lock the single {@code audit_head} row ({@code SELECT … FOR UPDATE}), so that appends
 * from several server instances on one PostgreSQL database serialise and the chain stays linear. An
 * append joins the caller's transaction when there is one, so an action and its audit record are
 * committed together or not at all.
 *
 * <p>Each record's hash is an HMAC with a key kept outside the database, and after each committed
 * append the head is written to a signed checkpoint file outside the database ({@link AuditSeal}).
 * So someone who can write the database but not read the key can neither recompute a consistent
 * chain after an edit or a deletion, nor remove the newest records unnoticed.
 */
@Component
public class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final AuditSeal seal;
  private final String chainId;

  @Autowired
  public AuditLog(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      @Value("${haechi.home:./data}") String home,
      @Value("${haechi.audit.anchor-file:}") String anchor,
      @Value("${HAECHI_AUDIT_KEY:}") String key,
      @Value("${HAECHI_AUDIT_KEY_FILE:}") String keyFile) {
    this(
        jdbc,
        transactions,
        AuditSeal.open(
            Path.of(home),
            java.util.Map.of("HAECHI_AUDIT_KEY", key, "HAECHI_AUDIT_KEY_FILE", keyFile),
            anchor.isBlank() ? null : Path.of(anchor),
            true));
  }

  /**
   * Opens the chain with this seal: refuses a sealed chain when the key was just made (this server
   * does not have the key the chain was sealed with), seals a pre-issue-12 chain once when the key
   * is new, assigns the chain id, and moves aside a checkpoint of another chain (audited).
   */
  public AuditLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, AuditSeal seal) {
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.seal = seal;
    this.chainId = tx.execute(status -> openChain());
    var cp = seal.readCheckpoint();
    if (cp.isPresent() && !cp.get().chainId().equals(chainId)) {
      Path kept = seal.archiveCheckpoint(safeId(cp.get().chainId()));
      LOG.warn(
          "the audit checkpoint in the home belongs to another chain ({} at record {}); this"
              + " database holds chain {}. The old checkpoint is kept as {}",
          cp.get().chainId(),
          cp.get().seq(),
          chainId,
          kept);
      append(
          "system",
          "audit.chain-replaced",
          "audit-chain:" + chainId,
          "the home's checkpoint was for chain "
              + safeId(cp.get().chainId())
              + " at record "
              + cp.get().seq()
              + " (kept as "
              + kept.getFileName()
              + "): the database was replaced or restored");
    } else if (cp.isPresent() && !checkpointHolds(cp.get())) {
      // The chain no longer holds what the signed checkpoint says: keep the evidence. No new
      // checkpoint is written until an admin has looked and moved the file aside (SECURITY.md).
      seal.freeze();
      LOG.error(
          "the audit chain does not match its signed checkpoint (record {}): records were removed"
              + " or rewritten. 'haechi audit verify' reports it; the checkpoint {} is kept and no"
              + " longer updated until it is moved aside",
          cp.get().seq(),
          seal.checkpointFile());
    } else {
      var head = jdbc.queryForMap("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
      seal.writeCheckpoint(
          chainId, ((Number) head.get("last_seq")).longValue(), (String) head.get("last_hash"));
    }
  }

  private boolean checkpointHolds(AuditSeal.Checkpoint cp) {
    if (!seal.signedByThisKey(cp)) {
      return false;
    }
    if (cp.seq() == 0) {
      return true;
    }
    var hashes =
        jdbc.queryForList("SELECT hash FROM audit_log WHERE seq = ?", String.class, cp.seq());
    return hashes.size() == 1 && hashes.get(0).equals(cp.hash());
  }

  private static String safeId(String id) {
    return id == null ? "unknown" : id.replaceAll("[^A-Za-z0-9-]", "_");
  }

  private String openChain() {
    var head =
        jdbc.queryForMap("SELECT last_seq, chain_id FROM audit_head WHERE id = 1 FOR UPDATE");
    long lastSeq = ((Number) head.get("last_seq")).longValue();
    String id = (String) head.get("chain_id");
    if (id != null && lastSeq > 0 && seal.keyCreated()) {
      throw new IllegalStateException(
          "the audit chain in this database is sealed with a key this server does not have: set"
              + " $HAECHI_AUDIT_KEY or $HAECHI_AUDIT_KEY_FILE, or copy audit.key from the home of"
              + " the server that sealed it (a new key was written to "
              + seal.keySource()
              + "; remove it)");
    }
    if (id == null) {
      id = UUID.randomUUID().toString();
      if (lastSeq > 0) {
        if (seal.keyCreated() || seal.readCheckpoint().isEmpty()) {
          sealLegacyChain();
        } else {
          LOG.error(
              "the audit chain has no chain id but this home already has a checkpoint: the chain"
                  + " is not re-sealed, 'audit verify' will report it");
        }
      }
      jdbc.update("UPDATE audit_head SET chain_id = ? WHERE id = 1", id);
    }
    return id;
  }

  /**
   * Seals a chain written before issue 12 (plain SHA-256) with the key, once, at the first keyed
   * start. Only a chain whose plain hashes all check is sealed; a broken one is left as it is, so
   * that verification keeps reporting it.
   */
  private void sealLegacyChain() {
    var records =
        jdbc.query(
            "SELECT " + AuditRecord.COLUMNS + " FROM audit_log ORDER BY seq",
            (rs, i) -> AuditRecord.fromRow(rs));
    String prev = AuditChainVerifier.GENESIS;
    long expected = 1;
    for (AuditRecord r : records) {
      if (r.seq() != expected++ || !r.prevHash().equals(prev) || !r.contentMatchesLegacyHash()) {
        LOG.error(
            "the audit chain was already broken at record {} before it was sealed with the key;"
                + " it is left unsealed and 'audit verify' reports it",
            r.seq());
        return;
      }
      prev = r.hash();
    }
    prev = AuditChainVerifier.GENESIS;
    for (AuditRecord r : records) {
      String h =
          AuditRecord.hashOf(
              seal, prev, r.seq(), r.occurredAt(), r.actor(), r.action(), r.target(), r.details());
      jdbc.update("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", prev, h, r.seq());
      prev = h;
    }
    jdbc.update("UPDATE audit_head SET last_hash = ? WHERE id = 1", prev);
    LOG.info("sealed {} audit records written before the keyed chain", records.size());
  }

  /** The key and checkpoint of this chain (a backup signs its snapshot's head with it). */
  public AuditSeal seal() {
    return seal;
  }

  /** The id of this database's chain, which its checkpoints name. */
  public String chainId() {
    return chainId;
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
          String hash = AuditRecord.hashOf(seal, prev, seq, at, actor, action, target, safeDetails);
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
          if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                  @Override
                  public void afterCommit() {
                    checkpoint(seq, hash);
                  }
                });
          } else {
            checkpoint(seq, hash);
          }
          return new AuditRecord(seq, at, actor, action, target, safeDetails, prev, hash);
        });
  }

  private void checkpoint(long seq, String hash) {
    try {
      seal.writeCheckpoint(chainId, seq, hash);
    } catch (RuntimeException e) {
      // The record is committed; a missed checkpoint only weakens truncation detection until the
      // next append writes a newer one.
      LOG.error("could not write the audit checkpoint: {}", e.getMessage());
    }
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

  /**
   * What the audit page filters by; blank fields do not filter.
   *
   * @param actor who did it, exactly
   * @param action the action or its start ({@code alert.} matches {@code alert.assigned})
   * @param text contained in the target or the details, any case
   * @param from on or after this instant
   * @param to before this instant
   */
  public record Filter(String actor, String action, String text, Instant from, Instant to) {
    public static final Filter NONE = new Filter(null, null, null, null, null);

    public Filter {
      actor = blankToNull(actor);
      action = blankToNull(action);
      text = blankToNull(text);
    }

    public boolean any() {
      return actor != null || action != null || text != null || from != null || to != null;
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.trim();
    }
  }

  /** The records the filter matches, newest first. */
  public List<AuditRecord> search(Filter f, int page, int size) {
    List<Object> args = new ArrayList<>();
    String where = where(f, args);
    args.add(size);
    args.add((long) page * size);
    return jdbc.query(
        "SELECT "
            + AuditRecord.COLUMNS
            + " FROM audit_log"
            + where
            + " ORDER BY seq DESC LIMIT ? OFFSET ?",
        (rs, i) -> AuditRecord.fromRow(rs),
        args.toArray());
  }

  /** How many records the filter matches. */
  public long count(Filter f) {
    List<Object> args = new ArrayList<>();
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM audit_log" + where(f, args), Long.class, args.toArray());
    return n == null ? 0 : n;
  }

  /** The distinct actions in the log, for the filter's choices. */
  public List<String> actions() {
    return jdbc.queryForList("SELECT DISTINCT action FROM audit_log ORDER BY action", String.class);
  }

  private static String where(Filter f, List<Object> args) {
    StringBuilder w = new StringBuilder(" WHERE 1=1");
    if (f.actor() != null) {
      w.append(" AND actor = ?");
      args.add(f.actor());
    }
    if (f.action() != null) {
      w.append(" AND action LIKE ? ESCAPE '!'");
      args.add(escapeLike(f.action()) + "%");
    }
    if (f.text() != null) {
      String like = "%" + escapeLike(f.text().toLowerCase(java.util.Locale.ROOT)) + "%";
      w.append(" AND (LOWER(target) LIKE ? ESCAPE '!' OR LOWER(details) LIKE ? ESCAPE '!')");
      args.add(like);
      args.add(like);
    }
    if (f.from() != null) {
      w.append(" AND occurred_at >= ?");
      args.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
    }
    if (f.to() != null) {
      w.append(" AND occurred_at < ?");
      args.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
    }
    return w.toString();
  }

  private static String escapeLike(String s) {
    return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /** Verifies the whole chain on a connection of this store. */
  public AuditChainVerifier.Result verify() {
    return jdbc.execute(
        (java.sql.Connection c) -> AuditChainVerifier.verify(c, seal, seal.readCheckpoint()));
  }
}
