package dev.haechi.app.identity;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.core.Finding;
import dev.haechi.identity.IdentityReconciler;
import dev.haechi.identity.ReconcileOptions;
import dev.haechi.identity.correlation.CorrelationCase;
import dev.haechi.identity.findings.FindingTypes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may decide whose an account is (issue 12, item 6). An analyst decides only open ambiguous
 * cases of the latest reconciliation, and only for one of the case's candidates; a decision that
 * would close a leaver finding (a leaver's active account or a secret whose custodian left, as a
 * re-run of the latest reconciliation with the decision shows) waits for an admin who is a second
 * person ({@link SecondPerson}). An admin's own decision applies at once and is audited.
 */
@Component
public class OwnerDecisions {
  private static final Set<String> LEAVER_TYPES =
      Set.of(FindingTypes.LEAVER_ACTIVE_ACCOUNT, FindingTypes.SECRET_CUSTODIAN_LEFT);

  private final JdbcTemplate jdbc;
  private final DecisionStore decisions;
  private final IdentityState state;
  private final SecondPerson secondPerson;
  private final AuditLog audit;

  public OwnerDecisions(
      JdbcTemplate jdbc,
      DecisionStore decisions,
      IdentityState state,
      SecondPerson secondPerson,
      AuditLog audit) {
    this.jdbc = jdbc;
    this.decisions = decisions;
    this.state = state;
    this.secondPerson = secondPerson;
    this.audit = audit;
  }

  /**
   * What became of a decision.
   *
   * @param status {@code applied}, or {@code awaiting-approval} (an admin must approve it)
   * @param closes the leaver findings it would close, when it awaits approval
   */
  public record Outcome(String accountKey, String employeeId, String status, List<String> closes) {}

  /** A decision waiting for an admin. */
  public record Request(
      String accountKey,
      String employeeId,
      String requestedBy,
      OffsetDateTime requestedAt,
      String closes) {}

  /**
   * Decides whose {@code accountKey} is.
   *
   * @param person who decides (the username, whatever token or session they use)
   * @param admin whether they are an admin
   * @throws IllegalArgumentException naming the field and why it is refused
   */
  @Transactional
  public Outcome decide(
      String actor, String person, boolean admin, String accountKey, String employeeId) {
    if (admin) {
      decisions.decide(actor, accountKey, employeeId);
      jdbc.update("DELETE FROM correlation_decision_request WHERE account_key = ?", accountKey);
      return new Outcome(accountKey, employeeId, "applied", List.of());
    }
    CorrelationCase c =
        state.cases().stream()
            .filter(x -> x.accountKey().equals(accountKey))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "accountKey: "
                            + accountKey
                            + " is not an open ambiguous case of the latest reconciliation; an"
                            + " analyst decides only those (an admin may decide any account)"));
    if (!c.candidates().contains(employeeId)) {
      throw new IllegalArgumentException(
          "employeeId: " + employeeId + " is not one of this case's candidates " + c.candidates());
    }
    List<String> closes = leaverFindingsClosedBy(accountKey, employeeId);
    if (closes.isEmpty()) {
      decisions.decide(actor, accountKey, employeeId);
      return new Outcome(accountKey, employeeId, "applied", List.of());
    }
    String text = String.join("; ", closes);
    jdbc.update("DELETE FROM correlation_decision_request WHERE account_key = ?", accountKey);
    jdbc.update(
        "INSERT INTO correlation_decision_request (account_key, employee_id, requested_by,"
            + " requested_at, closes) VALUES (?, ?, ?, ?, ?)",
        accountKey,
        employeeId,
        person,
        OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC),
        text.length() > 2000 ? text.substring(0, 2000) : text);
    audit.append(
        actor,
        "identity.case-decision-requested",
        "account:" + accountKey,
        "person=" + employeeId + " would close: " + text + "; awaits an admin");
    return new Outcome(accountKey, employeeId, "awaiting-approval", closes);
  }

  /** Decisions waiting for an admin, oldest first. */
  public List<Request> pending() {
    return jdbc.query(
        "SELECT account_key, employee_id, requested_by, requested_at, closes FROM"
            + " correlation_decision_request ORDER BY requested_at",
        (rs, i) ->
            new Request(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getObject(4, OffsetDateTime.class),
                rs.getString(5)));
  }

  /**
   * An admin approves a waiting decision, which then applies.
   *
   * @throws IllegalArgumentException when nothing waits or the approver is not a second person
   */
  @Transactional
  public Outcome approve(String actor, String approver, String accountKey) {
    Request r =
        pending().stream()
            .filter(x -> x.accountKey().equals(accountKey))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "accountKey: no decision on " + accountKey + " waits for approval"));
    secondPerson.check(r.requestedBy(), approver, "the decision on " + accountKey);
    decisions.decide(actor, accountKey, r.employeeId());
    jdbc.update("DELETE FROM correlation_decision_request WHERE account_key = ?", accountKey);
    audit.append(
        actor,
        "identity.case-decision-approved",
        "account:" + accountKey,
        "person=" + r.employeeId() + " requested by " + r.requestedBy() + " closes: " + r.closes());
    return new Outcome(accountKey, r.employeeId(), "applied", List.of());
  }

  /**
   * The leaver findings the latest reconciliation would lose with this decision added to the
   * decisions made so far (both runs re-done on the latest snapshot, so that only the decision
   * differs).
   */
  private List<String> leaverFindingsClosedBy(String accountKey, String employeeId) {
    var loaded = state.current();
    if (loaded.isEmpty()) {
      return List.of();
    }
    Map<String, String> now = decisions.all();
    Map<String, String> with = new HashMap<>(now);
    with.put(accountKey, employeeId);
    ReconcileOptions options = ReconcileOptions.asOf(loaded.get().asOf());
    Set<String> before =
        leaverFindings(
            IdentityReconciler.reconcile(loaded.get().snapshot(), options.withDecisions(now))
                .findings());
    Set<String> after =
        leaverFindings(
            IdentityReconciler.reconcile(loaded.get().snapshot(), options.withDecisions(with))
                .findings());
    before.removeAll(after);
    return List.copyOf(before);
  }

  private static Set<String> leaverFindings(List<Finding> findings) {
    Set<String> out = new TreeSet<>();
    for (Finding f : findings) {
      if (LEAVER_TYPES.contains(f.type())) {
        out.add(f.type() + " " + new java.util.TreeMap<>(f.subject()));
      }
    }
    return out;
  }
}
