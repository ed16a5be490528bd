package dev.haechi.app.identity;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.settings.Setting;
import dev.haechi.app.settings.SettingsStore;
import dev.haechi.connectors.AccountControl;
import dev.haechi.connectors.AccountStateChange;
import dev.haechi.connectors.LiveSourceSpec;
import dev.haechi.connectors.SecretEnvironment;
import dev.haechi.core.Finding;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remediation of leavers' accounts: a plan is proposed from the latest reconciliation (dry run: it
 * only lists what would be disabled), approved by a second person who is an admin, then executed
 * through the system's live LDAP or SCIM target.
 *
 * <p>Guarantees: a plan larger than the mass-change guard ({@code identity.mass-change.max-count}
 * and {@code max-share} of the system's accounts) is refused unless the guard is raised explicitly;
 * execution is idempotent (an account already disabled is recorded as such) and resumable (a
 * failure stops the run, records which action failed and why, and the next run continues from
 * there); every action is audited and can be reversed (re-enabled). The target names only
 * environment variables for its secrets, never the secrets.
 */
@Component
public class RemediationPlans {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(RemediationPlans.class);
  private final JdbcTemplate jdbc;
  private final AuditLog audit;
  private final IdentityState identity;
  private final SettingsStore settings;
  private final SecretEnvironment env;
  private final ConnectorPolicy policy;
  private final IdentitySources sources;
  private final SecondPerson secondPerson;
  private final TransactionTemplate tx;

  public RemediationPlans(
      JdbcTemplate jdbc,
      AuditLog audit,
      IdentityState identity,
      SettingsStore settings,
      SecretEnvironment env,
      ConnectorPolicy policy,
      IdentitySources sources,
      SecondPerson secondPerson,
      PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.identity = identity;
    this.settings = settings;
    this.env = policy.guard(env);
    this.policy = policy;
    this.sources = sources;
    this.secondPerson = secondPerson;
    this.tx = new TransactionTemplate(transactions);
  }

  /**
   * The configured live source of {@code system}: a plan goes there and nowhere else (issue 12). A
   * {@code given} target is accepted only when it is that same source.
   */
  private String configuredTarget(String system, String given) {
    String configured =
        sources.list().stream()
            .filter(s -> s.kind().equals("accounts") && s.name().equals(system))
            .map(IdentitySources.Source::location)
            .filter(LiveSourceSpec::isLive)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "system: '"
                            + system
                            + "' has no configured live LDAP or SCIM source; an admin adds it"
                            + " (POST /api/v1/identity/sources) and plans go there"));
    if (given != null && !given.isBlank() && !given.trim().equals(configured)) {
      throw new IllegalArgumentException(
          "target: a plan goes to the configured source of '"
              + system
              + "', chosen by name; leave target out");
    }
    return configured;
  }

  /**
   * A plan and its actions. {@code person} is the employee ID of the one leaver the plan is for, or
   * null when it covers every leaver on the system (every key leavers held).
   */
  public record Plan(
      long id,
      String system,
      String target,
      String status,
      String createdBy,
      String approvedBy,
      List<Action> actions,
      boolean guardRaised,
      String person) {}

  /**
   * One step: disable an account, rotate a key, retire a kid, a task for a person; and what became
   * of it. {@code before} is the state the step found before changing anything (JSON, or the
   * removed JWKS keys), which reversal restores; null until executed.
   */
  public record Action(
      int seq,
      String kind,
      String accountId,
      String reason,
      String state,
      String outcome,
      String before,
      String reverseRequestedBy) {}

  /**
   * Proposes disabling every enabled account of a leaver on {@code system}.
   *
   * @throws IllegalArgumentException when there is nothing to do, the target is not a live source,
   *     or the mass-change guard refuses the plan
   */
  @Transactional
  public Plan propose(
      String actor, String person, String system, String givenTarget, boolean raiseGuard) {
    return propose(actor, person, system, givenTarget, raiseGuard, null);
  }

  /**
   * The {@code leaver-active-account} findings a plan for {@code system} covers: every leaver's, or
   * only those of {@code leaver} (an employee ID) when given.
   */
  public List<Finding> leaverAccounts(String system, String leaver) {
    return identity
        .current()
        .map(l -> leaverAccounts(l.result().findings(), system, leaver))
        .orElse(List.of());
  }

  private static List<Finding> leaverAccounts(List<Finding> all, String system, String leaver) {
    return all.stream()
        .filter(f -> f.type().equals("leaver-active-account"))
        .filter(f -> system.equals(f.subject().get("system")))
        .filter(f -> leaver == null || leaver.equals(f.subject().get("person")))
        .toList();
  }

  /**
   * The {@code secret-custodian-left} findings a secrets plan covers: every key a leaver held, or
   * only those {@code leaver} (an employee ID) held when given.
   */
  public List<Finding> leaverSecrets(String leaver) {
    return identity
        .current()
        .map(l -> leaverSecrets(l.result().findings(), leaver))
        .orElse(List.of());
  }

  private static List<Finding> leaverSecrets(List<Finding> all, String leaver) {
    return all.stream()
        .filter(f -> f.type().equals("secret-custodian-left"))
        .filter(f -> leaver == null || leaver.equals(f.subject().get("person")))
        .toList();
  }

  /** The live source a plan for {@code system} would go to, or null when none is configured. */
  public String targetOf(String system) {
    try {
      return configuredTarget(system, null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * As {@link #propose(String, String, String, String, boolean)}, for the accounts of one leaver
   * ({@code leaver}, an employee ID) when given, else every leaver's on the system.
   */
  @Transactional
  public Plan propose(
      String actor,
      String person,
      String system,
      String givenTarget,
      boolean raiseGuard,
      String leaver) {
    if (system == null || system.isBlank()) {
      throw new IllegalArgumentException("system: name the account system to remediate");
    }
    String target = configuredTarget(system, givenTarget);
    LiveSourceSpec.parse(system, target);
    policy.checkTransport("target", target);
    var loaded =
        identity
            .current()
            .orElseThrow(
                () -> new IllegalArgumentException("no reconciliation has run: nothing to plan"));
    List<Finding> leavers = leaverAccounts(loaded.result().findings(), system, leaver);
    if (leavers.isEmpty()) {
      throw new IllegalArgumentException(
          "system: no enabled account of "
              + (leaver == null ? "a leaver" : "leaver " + leaver)
              + " on '"
              + system
              + "' in the latest reconciliation");
    }
    long accounts =
        loaded.snapshot().accounts().stream().filter(a -> system.equals(a.system())).count();
    int maxCount = Integer.parseInt(settings.get(Setting.MASS_CHANGE_MAX_COUNT));
    double maxShare = Double.parseDouble(settings.get(Setting.MASS_CHANGE_MAX_SHARE));
    boolean tooMany = leavers.size() > maxCount || leavers.size() > maxShare * accounts;
    if (tooMany && !raiseGuard) {
      throw new IllegalArgumentException(
          "mass-change guard: the plan disables "
              + leavers.size()
              + " of "
              + accounts
              + " accounts on "
              + system
              + " (limits: "
              + maxCount
              + " accounts, "
              + maxShare
              + " of the system); review it and raise the guard explicitly to proceed");
    }
    OffsetDateTime now = now();
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO remediation_plan (system_name, target, status, created_by,"
                      + " created_at, guard_raised, scope_person) VALUES (?, ?, 'proposed', ?, ?,"
                      + " ?, ?)",
                  new String[] {"id"});
          ps.setString(1, system);
          ps.setString(2, target);
          ps.setString(3, person);
          ps.setObject(4, now);
          ps.setBoolean(5, tooMany);
          ps.setString(6, leaver);
          return ps;
        },
        keys);
    long id = keys.getKey().longValue();
    int seq = 1;
    for (Finding f : leavers) {
      jdbc.update(
          "INSERT INTO remediation_action (plan_id, seq, kind, account_id, reason, state) VALUES"
              + " (?, ?, 'disable-account', ?, ?, 'pending')",
          id,
          seq++,
          f.subject().get("account"),
          f.title().length() > 1000 ? f.title().substring(0, 1000) : f.title());
    }
    audit.append(
        actor,
        "identity.plan-proposed",
        "plan:" + id,
        "system="
            + system
            + (leaver == null ? "" : " person=" + leaver)
            + " actions="
            + leavers.size()
            + (tooMany ? " guard=raised" : ""));
    return plan(id);
  }

  /**
   * Proposes remediating every secret a leaver held ({@code secret-custodian-left}): rotate Vault
   * transit keys through {@code vaultTarget} ({@code https://vault:8200;token-env=VAULT_TOKEN}, or
   * null), retire published signing keys from the JWKS files in {@code jwksFiles} (issuer → file),
   * and open a task for a person for the rest. See {@link SecretActions}.
   */
  @Transactional
  public Plan proposeSecrets(
      String actor,
      String person,
      String vaultTarget,
      Map<String, String> jwksFiles,
      Map<String, Map<String, String>> relyingParties) {
    return proposeSecrets(actor, person, vaultTarget, jwksFiles, relyingParties, null);
  }

  /**
   * As {@link #proposeSecrets(String, String, String, Map, Map)}, for the keys one leaver ({@code
   * leaver}, an employee ID) held when given, else every key a leaver held.
   */
  @Transactional
  public Plan proposeSecrets(
      String actor,
      String person,
      String vaultTarget,
      Map<String, String> jwksFiles,
      Map<String, Map<String, String>> relyingParties,
      String leaver) {
    var loaded =
        identity
            .current()
            .orElseThrow(
                () -> new IllegalArgumentException("no reconciliation has run: nothing to plan"));
    String vault = settings.get(Setting.VAULT_TARGET).trim();
    if (vaultTarget != null && !vaultTarget.isBlank() && !vaultTarget.trim().equals(vault)) {
      throw new IllegalArgumentException(
          "target: secret plans go to the Vault an admin configured (setting"
              + " identity.vault-target); leave target out");
    }
    if (!vault.isEmpty()) {
      policy.checkTransport("target", vault);
    }
    Map<String, String> jwks = new java.util.LinkedHashMap<>();
    if (jwksFiles != null) {
      jwksFiles.forEach(
          (issuer, file) -> {
            java.nio.file.Path confined = policy.confine("jwks." + issuer, file);
            if (!java.nio.file.Files.isRegularFile(confined)) {
              throw new IllegalArgumentException("jwks." + issuer + ": no such file " + file);
            }
            jwks.put(issuer, confined.toString());
          });
    }
    List<Finding> held = leaverSecrets(loaded.result().findings(), leaver);
    List<SecretActions.Proposed> actions =
        SecretActions.propose(
            held, loaded.snapshot().secrets(), !vault.isEmpty(), jwks, relyingParties);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException(
          "no secret held by "
              + (leaver == null ? "a leaver" : "leaver " + leaver)
              + " in the latest reconciliation: nothing to rotate");
    }
    long id = insertPlan("secrets", vault, person, leaver);
    int seq = 1;
    for (SecretActions.Proposed a : actions) {
      jdbc.update(
          "INSERT INTO remediation_action (plan_id, seq, kind, account_id, reason, state) VALUES"
              + " (?, ?, ?, ?, ?, 'pending')",
          id,
          seq++,
          a.kind(),
          a.object(),
          a.reason());
    }
    audit.append(
        actor,
        "identity.plan-proposed",
        "plan:" + id,
        "system=secrets"
            + (leaver == null ? "" : " person=" + leaver)
            + " actions="
            + actions.size());
    return plan(id);
  }

  private long insertPlan(String system, String target, String person, String leaver) {
    var keys = new GeneratedKeyHolder();
    OffsetDateTime now = now();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO remediation_plan (system_name, target, status, created_by,"
                      + " created_at, scope_person) VALUES (?, ?, 'proposed', ?, ?, ?)",
                  new String[] {"id"});
          ps.setString(1, system);
          ps.setString(2, target);
          ps.setString(3, person);
          ps.setObject(4, now);
          ps.setString(5, leaver);
          return ps;
        },
        keys);
    return keys.getKey().longValue();
  }

  /** Confirms that a person did an open task (a rotation Haechi cannot do itself). */
  @Transactional
  public Plan completeTask(String actor, long id, int seq, String note) {
    Plan p = plan(id);
    Action a =
        p.actions().stream()
            .filter(x -> x.seq() == seq)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("seq: no action " + seq));
    if (!a.state().equals("open-task")) {
      throw new IllegalArgumentException(
          "action " + seq + " is " + a.state() + ", not an open task");
    }
    String text = "confirmed by " + actor + (note == null || note.isBlank() ? "" : ": " + note);
    record(id, seq, "done", text);
    audit.append(actor, "identity.task-completed", "plan:" + id, "action=" + seq + " " + text);
    settleStatus(id);
    return plan(id);
  }

  private void settleStatus(long id) {
    boolean open =
        plan(id).actions().stream()
            .anyMatch(
                x ->
                    x.state().equals("open-task")
                        || x.state().equals("pending")
                        || x.state().equals("executing")
                        || x.state().equals("failed"));
    jdbc.update(
        "UPDATE remediation_plan SET status = ? WHERE id = ?", open ? "partial" : "done", id);
  }

  /** Approves a plan without raising the mass-change guard. */
  public Plan approve(String actor, String approver, long id) {
    return approve(actor, approver, id, false);
  }

  /**
   * Approves a plan; the approver (a person, whatever token or session they use) must not be the
   * person who proposed it, nor an admin linked to them within the cool-down ({@link
   * SecondPerson}); a plan proposed over the mass-change guard needs the approver to raise the
   * guard too ({@code raiseGuard}).
   */
  @Transactional
  public Plan approve(String actor, String approver, long id, boolean raiseGuard) {
    Plan p = plan(id);
    if (!p.status().equals("proposed")) {
      throw new IllegalArgumentException("plan " + id + " is " + p.status() + ", not proposed");
    }
    if (p.createdBy().equals(approver)) {
      throw new IllegalArgumentException(
          "plan " + id + " was proposed by " + approver + ": a second person must approve it");
    }
    secondPerson.check(p.createdBy(), approver, "plan " + id);
    if (p.guardRaised() && !raiseGuard) {
      throw new IllegalArgumentException(
          "plan "
              + id
              + " exceeds the mass-change guard ("
              + p.actions().size()
              + " actions): the approver must raise the guard as well (raiseGuard)");
    }
    jdbc.update(
        "UPDATE remediation_plan SET status = 'approved', approved_by = ?, approved_at = ? WHERE"
            + " id = ?",
        approver,
        now(),
        id);
    audit.append(
        actor,
        "identity.plan-approved",
        "plan:" + id,
        "system=" + p.system() + (p.guardRaised() ? " guard=raised" : ""));
    return plan(id);
  }

  /**
   * Executes the pending and failed actions of an approved (or partly executed) plan, in order,
   * stopping at the first failure.
   */
  public Plan execute(String actor, long id) {
    Plan p = plan(id);
    if (!p.status().equals("approved") && !p.status().equals("partial")) {
      throw new IllegalArgumentException(
          "plan " + id + " is " + p.status() + ": only an approved plan is executed");
    }
    AccountControl control = null;
    for (Action a : p.actions()) {
      if (!a.state().equals("pending")
          && !a.state().equals("failed")
          && !a.state().equals("executing")) {
        continue;
      }
      try {
        if (a.kind().equals("disable-account")) {
          if (control == null) {
            policy.checkTransport("target", p.target());
            control = LiveSourceSpec.parse(p.system(), p.target()).accountControl(env);
          }
          disableAccount(actor, p, a, control);
        } else {
          SecretActions.Done done =
              SecretActions.execute(
                  a.kind(),
                  a.accountId(),
                  p.target(),
                  env,
                  a.before(),
                  before -> keepBefore(id, a.seq(), before));
          String outcome = done == null ? null : done.outcome();
          if (done == null) {
            record(
                id,
                a.seq(),
                "open-task",
                a.kind().equals(SecretActions.RELYING_PARTY)
                    ? "refresh the relying party's cached JWKS, then confirm this task"
                    : "rotate by hand, then confirm this task");
          } else {
            keepBefore(id, a.seq(), done.before());
            record(id, a.seq(), "done", outcome);
            audit.append(
                actor,
                "identity." + a.kind(),
                "secret:" + a.accountId().replaceFirst("^.*#", "kid:"),
                "plan=" + id + " " + outcome.replaceFirst("; removed key: .*$", ""));
          }
        }
      } catch (RuntimeException e) {
        record(id, a.seq(), "failed", e.getMessage());
        jdbc.update("UPDATE remediation_plan SET status = 'partial' WHERE id = ?", id);
        audit.append(
            actor,
            "identity.remediation-failed",
            (a.kind().equals("disable-account") ? "account:" + p.system() + ":" : "secret:")
                + a.accountId(),
            "plan=" + id + " " + e.getMessage());
        return plan(id);
      }
    }
    settleStatus(id);
    return plan(id);
  }

  /**
   * Disables one account with a write-ahead record (issue 12, item 11b): the state the account has
   * now is read and saved as the action's before-state, and the action marked {@code executing},
   * <b>before</b> the directory is changed; the outcome and its audit record are then written in
   * one transaction. A server killed in between leaves {@code executing} and the true before-state
   * behind, which {@link #reconcileInterrupted} (at start) or the next run settles by reading the
   * directory. Before this, a kill after the change but before the record left the action {@code
   * pending}; the resumed run found the account disabled and saved "already disabled" as the
   * before-state, so reversing it would not have re-enabled the account.
   */
  private void disableAccount(String actor, Plan p, Action a, AccountControl control) {
    long id = p.id();
    AccountStateChange planned = control.preview(a.accountId(), AccountStateChange.Action.DISABLE);
    if (a.before() != null && !a.state().equals("pending") && !planned.changed()) {
      // an earlier run saved the before-state and then stopped (a crash, or a failure whose
      // effect is unknown): the account is now as that run wanted, so the change was made then
      settleInterrupted(
          actor, p, a, planned, "run " + (a.state().equals("failed") ? "failed" : "stopped"));
      return;
    }
    tx.executeWithoutResult(
        s -> {
          jdbc.update(
              "UPDATE remediation_action SET state = 'executing', before_state = ?, updated_at = ?"
                  + " WHERE plan_id = ? AND seq = ?",
              beforeState(planned),
              now(),
              id,
              a.seq());
        });
    AccountStateChange change = control.disable(a.accountId());
    tx.executeWithoutResult(
        s -> {
          record(id, a.seq(), "done", change.outcome());
          audit.append(
              actor,
              "identity.account-disabled",
              "account:" + p.system() + ":" + a.accountId(),
              "plan=" + id + " " + change.outcome());
        });
  }

  /**
   * Settles an action that a stopped (or failed) run left with its before-state saved, once the
   * directory shows the account disabled: done, with the saved before-state (so reversal restores
   * what the account had before the plan), the outcome saying how it was learnt, and audited.
   */
  private void settleInterrupted(
      String actor, Plan p, Action a, AccountStateChange now, String how) {
    boolean changedByPlan = a.before().contains("\"changed\":true");
    String outcome =
        (changedByPlan ? "disabled" : "already disabled")
            + " (the "
            + how
            + " after the directory change; the directory read at "
            + now.at()
            + " shows "
            + now.mechanism()
            + "="
            + now.before()
            + ")";
    tx.executeWithoutResult(
        s -> {
          record(p.id(), a.seq(), "done", outcome);
          audit.append(
              actor,
              "identity.account-disabled",
              "account:" + p.system() + ":" + a.accountId(),
              "plan=" + p.id() + " " + outcome);
        });
  }

  /**
   * Settles, in the background, the actions a killed server left {@code executing} (a directory
   * that does not answer must not hold up the start).
   */
  @EventListener(ApplicationReadyEvent.class)
  public void reconcileAfterStart() {
    Thread t =
        new Thread(
            () -> {
              try {
                for (Interrupted i : reconcileInterrupted("system")) {
                  LOG.warn(
                      "remediation plan {} action {} ({}) was interrupted by a stop: {}",
                      i.plan(),
                      i.seq(),
                      i.accountId(),
                      i.result());
                }
              } catch (RuntimeException e) {
                LOG.error("settling interrupted remediation actions failed", e);
              }
            },
            "remediation-reconcile");
    t.setDaemon(true);
    t.start();
  }

  /** What {@link #reconcileInterrupted} found and did, per interrupted action. */
  public record Interrupted(long plan, int seq, String accountId, String result) {}

  /**
   * At start: every action left {@code executing} by a server that stopped mid-run is settled by
   * reading its directory. Changed there: recorded {@code done} with the before-state saved ahead
   * of the change, and audited. Not changed: back to {@code pending} (the next run of the plan does
   * it), saying so. Directory unreachable: left {@code executing}, and the next run of the plan
   * checks again. The plan becomes {@code partial} and the result of each is audited ({@code
   * identity.remediation-interrupted}).
   */
  public List<Interrupted> reconcileInterrupted(String actor) {
    List<Interrupted> out = new ArrayList<>();
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT plan_id, seq FROM remediation_action WHERE state = 'executing' ORDER BY"
                + " plan_id, seq");
    for (Map<String, Object> row : rows) {
      Map<String, Object> r = lower(row);
      long planId = ((Number) r.get("plan_id")).longValue();
      int seq = ((Number) r.get("seq")).intValue();
      Plan p = plan(planId);
      Action a = p.actions().stream().filter(x -> x.seq() == seq).findFirst().orElseThrow();
      String result;
      if (!a.kind().equals("disable-account") || a.before() == null) {
        jdbc.update(
            "UPDATE remediation_action SET state = 'pending', outcome = ?, updated_at = ? WHERE"
                + " plan_id = ? AND seq = ?",
            "interrupted: the server stopped during this action; the next run repeats it",
            now(),
            planId,
            seq);
        result = "pending again (the next run repeats it)";
      } else {
        try {
          policy.checkTransport("target", p.target());
          AccountStateChange now =
              LiveSourceSpec.parse(p.system(), p.target())
                  .accountControl(env)
                  .preview(a.accountId(), AccountStateChange.Action.DISABLE);
          if (!now.changed()) {
            settleInterrupted(actor, p, a, now, "server stopped");
            result = "done: the directory shows the account disabled";
          } else {
            jdbc.update(
                "UPDATE remediation_action SET state = 'pending', outcome = ?, updated_at = ?"
                    + " WHERE plan_id = ? AND seq = ?",
                "interrupted: the server stopped before the directory change ("
                    + now.mechanism()
                    + "="
                    + now.before()
                    + "); the next run does it",
                now(),
                planId,
                seq);
            result = "pending again: the directory shows the account not yet disabled";
          }
        } catch (RuntimeException e) {
          jdbc.update(
              "UPDATE remediation_action SET outcome = ?, updated_at = ? WHERE plan_id = ? AND"
                  + " seq = ?",
              "interrupted: the server stopped during this action and the directory could not be"
                  + " read at start ("
                  + e.getMessage()
                  + "); the next run checks it first",
              now(),
              planId,
              seq);
          result = "unknown: the directory could not be read (" + e.getMessage() + ")";
        }
      }
      jdbc.update("UPDATE remediation_plan SET status = 'partial' WHERE id = ?", planId);
      audit.append(
          actor,
          "identity.remediation-interrupted",
          "plan:" + planId,
          "action=" + seq + " " + a.kind() + " " + a.accountId() + ": " + result);
      out.add(new Interrupted(planId, seq, a.accountId(), result));
    }
    return out;
  }

  /**
   * Reverses an executed action: re-enables the account it disabled, or re-publishes the key it
   * retired. That gives access back, so it takes two people (issue 12): the first call requests the
   * reversal, a call by a second person ({@link SecondPerson}) carries it out. An action that
   * changed nothing is marked reversed at once.
   */
  public Plan reverse(String actor, String person, long id, int seq) {
    Plan p = plan(id);
    Action a =
        p.actions().stream()
            .filter(x -> x.seq() == seq)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("seq: no action " + seq));
    if (!a.state().equals("done")) {
      throw new IllegalArgumentException("action " + seq + " is " + a.state() + ", not done");
    }
    boolean changedNothing =
        a.kind().equals("disable-account")
            && a.before() != null
            && a.before().contains("\"changed\":false");
    if (!changedNothing) {
      if (a.reverseRequestedBy() == null) {
        int n =
            jdbc.update(
                "UPDATE remediation_action SET reverse_requested_by = ?, reverse_requested_at = ?"
                    + " WHERE plan_id = ? AND seq = ? AND reverse_requested_by IS NULL",
                person,
                now(),
                id,
                seq);
        if (n == 1) {
          audit.append(
              actor,
              "identity.reversal-requested",
              "plan:" + id,
              "action=" + seq + " " + a.kind() + " " + a.accountId() + ": awaits a second person");
        }
        return plan(id);
      }
      secondPerson.check(
          a.reverseRequestedBy(), person, "the reversal of plan " + id + " action " + seq);
    }
    String approval =
        changedNothing
            ? ""
            : " (requested by " + a.reverseRequestedBy() + ", approved by " + person + ")";
    if (!a.kind().equals("disable-account")) {
      String outcome =
          SecretActions.reverse(
              a.kind(),
              a.accountId(),
              a.before() != null ? a.before() : a.outcome(),
              p.target(),
              env);
      record(id, seq, "reversed", outcome);
      audit.append(
          actor,
          "identity.action-reversed",
          "plan:" + id,
          "action=" + seq + " " + a.kind() + " " + outcome + approval);
      return plan(id);
    }
    if (changedNothing) {
      // the plan found the account already disabled: the state before is "disabled", so
      // reversing leaves it as it is
      String outcome = "nothing to reverse: the account was already disabled before the plan";
      record(id, seq, "reversed", outcome);
      audit.append(
          actor,
          "identity.action-reversed",
          "account:" + p.system() + ":" + a.accountId(),
          "plan=" + id + " " + outcome);
      return plan(id);
    }
    AccountStateChange change =
        LiveSourceSpec.parse(p.system(), p.target()).accountControl(env).enable(a.accountId());
    record(id, seq, "reversed", change.outcome());
    audit.append(
        actor,
        "identity.account-enabled",
        "account:" + p.system() + ":" + a.accountId(),
        "plan=" + id + " reversed " + change.outcome() + approval);
    return plan(id);
  }

  public List<Plan> list() {
    List<Long> ids =
        jdbc.queryForList("SELECT id FROM remediation_plan ORDER BY id DESC LIMIT 100", Long.class);
    List<Plan> out = new ArrayList<>();
    ids.forEach(i -> out.add(plan(i)));
    return out;
  }

  /**
   * When each step of a plan happened: proposed, approved, and each action's last change (null when
   * it has not happened).
   */
  public record PlanTimes(
      java.time.Instant proposed,
      java.time.Instant approved,
      Map<Integer, java.time.Instant> actions) {}

  public PlanTimes times(long id) {
    plan(id);
    Map<String, Object> r =
        lower(
            jdbc.queryForList(
                    "SELECT created_at, approved_at FROM remediation_plan WHERE id = ?", id)
                .get(0));
    Map<Integer, java.time.Instant> actions = new java.util.TreeMap<>();
    jdbc.query(
        "SELECT seq, updated_at FROM remediation_action WHERE plan_id = ?",
        rs -> {
          OffsetDateTime t = rs.getObject("updated_at", OffsetDateTime.class);
          if (t != null) {
            actions.put(rs.getInt("seq"), t.toInstant());
          }
        },
        id);
    return new PlanTimes(instant(r.get("created_at")), instant(r.get("approved_at")), actions);
  }

  private static java.time.Instant instant(Object t) {
    if (t instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (t instanceof java.sql.Timestamp ts) {
      return ts.toInstant();
    }
    if (t instanceof java.time.Instant i) {
      return i;
    }
    return null;
  }

  public Plan plan(long id) {
    List<Map<String, Object>> rows =
        jdbc.queryForList("SELECT * FROM remediation_plan WHERE id = ?", id);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("id: no plan " + id);
    }
    Map<String, Object> r = lower(rows.get(0));
    List<Action> actions =
        jdbc.query(
            "SELECT * FROM remediation_action WHERE plan_id = ? ORDER BY seq",
            (rs, i) ->
                new Action(
                    rs.getInt("seq"),
                    rs.getString("kind"),
                    rs.getString("account_id"),
                    rs.getString("reason"),
                    rs.getString("state"),
                    rs.getString("outcome"),
                    rs.getString("before_state"),
                    rs.getString("reverse_requested_by")),
            id);
    return new Plan(
        id,
        (String) r.get("system_name"),
        (String) r.get("target"),
        (String) r.get("status"),
        (String) r.get("created_by"),
        (String) r.get("approved_by"),
        actions,
        Boolean.TRUE.equals(r.get("guard_raised")),
        (String) r.get("scope_person"));
  }

  /** The state an account change found, as JSON: whether it changed anything, and the values. */
  static String beforeState(AccountStateChange c) {
    return "{\"mechanism\":"
        + quote(c.mechanism())
        + ",\"before\":"
        + quote(c.before())
        + ",\"after\":"
        + quote(c.after())
        + ",\"changed\":"
        + c.changed()
        + "}";
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void keepBefore(long id, int seq, String before) {
    if (before == null) {
      return;
    }
    jdbc.update(
        "UPDATE remediation_action SET before_state = ? WHERE plan_id = ? AND seq = ? AND"
            + " before_state IS NULL",
        before.length() > 8000 ? before.substring(0, 8000) : before,
        id,
        seq);
  }

  private void record(long id, int seq, String state, String outcome) {
    String text = outcome == null ? "" : outcome;
    jdbc.update(
        "UPDATE remediation_action SET state = ?, outcome = ?, updated_at = ? WHERE plan_id = ?"
            + " AND seq = ?",
        state,
        text.length() > 8000 ? text.substring(0, 8000) : text,
        now(),
        id,
        seq);
  }

  private static Map<String, Object> lower(Map<String, Object> row) {
    Map<String, Object> out = new java.util.HashMap<>();
    row.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
  }
}
