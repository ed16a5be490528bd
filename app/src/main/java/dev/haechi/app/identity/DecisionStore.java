package dev.haechi.app.identity;

import dev.haechi.app.audit.AuditLog;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decisions on correlation cases ({@code system:accountId → employee ID}), remembered for every
 * later reconciliation and audited when made.
 */
@Component
public class DecisionStore {
  private final JdbcTemplate jdbc;
  private final AuditLog audit;

  public DecisionStore(JdbcTemplate jdbc, AuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /** Every decision, for {@code ReconcileOptions.withDecisions}. */
  public Map<String, String> all() {
    Map<String, String> out = new HashMap<>();
    jdbc.query(
        "SELECT account_key, employee_id FROM correlation_decision",
        rs -> {
          out.put(rs.getString(1), rs.getString(2));
        });
    return out;
  }

  @Transactional
  public void decide(String actor, String accountKey, String employeeId) {
    if (accountKey == null || !accountKey.contains(":")) {
      throw new IllegalArgumentException("accountKey: expected system:accountId");
    }
    if (employeeId == null || employeeId.isBlank()) {
      throw new IllegalArgumentException("employeeId: name the person the account belongs to");
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
    int n =
        jdbc.update(
            "UPDATE correlation_decision SET employee_id = ?, decided_by = ?, decided_at = ?"
                + " WHERE account_key = ?",
            employeeId,
            actor,
            now,
            accountKey);
    if (n == 0) {
      jdbc.update(
          "INSERT INTO correlation_decision (account_key, employee_id, decided_by, decided_at)"
              + " VALUES (?, ?, ?, ?)",
          accountKey,
          employeeId,
          actor,
          now);
    }
    audit.append(actor, "identity.case-resolved", "account:" + accountKey, "person=" + employeeId);
  }
}
