package dev.haechi.app.api;

import dev.haechi.app.identity.RemediationPlans;
import dev.haechi.app.security.SecurityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Leaver remediation: analysts propose (a dry run listing the actions), a second person who is an
 * admin approves, an admin executes; every action can be reversed.
 */
@RestController
@RequestMapping("/api/v1/identity/plans")
@Tag(name = "identity")
public class RemediationController {
  private final RemediationPlans plans;

  public RemediationController(RemediationPlans plans) {
    this.plans = plans;
  }

  /**
   * @param scope {@code accounts} (default): disable the leavers' accounts on one system; {@code
   *     secrets}: rotate or retire every secret a leaver held
   * @param system the system whose leavers' accounts are disabled (accounts)
   * @param target accounts: the system's live source, e.g. {@code
   *     ldaps://dc1/DC=corp;bind-dn=…;password-env=AD_PW}; secrets: Vault's address for transit key
   *     rotation, e.g. {@code https://vault:8200;token-env=VAULT_TOKEN} (optional)
   * @param raiseGuard true to accept a plan above the mass-change guard (accounts)
   * @param jwks secrets: the JWKS file of each issuer whose retired keys are removed from it
   * @param relyingParties secrets: per issuer, the relying parties that cache its JWKS and their
   *     cache lifetime ({@code {"gateway": {"api-gateway": "15m"}}}); each gets an open task
   * @param person the employee ID of one leaver: the plan covers only their accounts on the system
   *     (accounts) or the keys they held (secrets); omitted: every leaver's
   */
  public record Proposal(
      String scope,
      String system,
      String target,
      Boolean raiseGuard,
      java.util.Map<String, String> jwks,
      java.util.Map<String, java.util.Map<String, String>> relyingParties,
      String person) {}

  /**
   * @param note what was done, e.g. the new key version
   */
  public record TaskNote(String note) {}

  @GetMapping
  @Operation(summary = "Recent plans with their actions")
  public List<RemediationPlans.Plan> list() {
    return plans.list();
  }

  @GetMapping("/{id}")
  @Operation(summary = "One plan with its actions")
  public RemediationPlans.Plan get(@PathVariable long id) {
    return plans.plan(id);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Propose disabling the leavers' enabled accounts on one system (dry run)")
  public RemediationPlans.Plan propose(@RequestBody Proposal body, Authentication auth) {
    if ("secrets".equals(body.scope())) {
      return plans.proposeSecrets(
          SecurityConfig.actor(auth),
          auth.getName(),
          body.target(),
          body.jwks(),
          body.relyingParties(),
          blankToNull(body.person()));
    }
    if (body.scope() != null && !body.scope().equals("accounts")) {
      throw new IllegalArgumentException("scope: accounts or secrets, not '" + body.scope() + "'");
    }
    return plans.propose(
        SecurityConfig.actor(auth),
        auth.getName(),
        body.system(),
        body.target(),
        Boolean.TRUE.equals(body.raiseGuard()),
        blankToNull(body.person()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * How an approval is given.
   *
   * @param raiseGuard the approver raises the mass-change guard too (needed when the plan exceeds
   *     it)
   */
  public record Approval(Boolean raiseGuard) {}

  @PostMapping("/{id}/approve")
  @Operation(
      summary =
          "Approve a plan (admin, not its proposer, nor an admin linked to the proposer within the"
              + " cool-down); a plan over the mass-change guard needs raiseGuard=true")
  public RemediationPlans.Plan approve(
      @PathVariable long id, @RequestBody(required = false) Approval body, Authentication auth) {
    return plans.approve(
        SecurityConfig.actor(auth),
        auth.getName(),
        id,
        body != null && Boolean.TRUE.equals(body.raiseGuard()));
  }

  @PostMapping("/{id}/execute")
  @Operation(summary = "Execute an approved plan; resumes after a failure; idempotent")
  public RemediationPlans.Plan execute(@PathVariable long id, Authentication auth) {
    return plans.execute(SecurityConfig.actor(auth), id);
  }

  @PostMapping("/{id}/actions/{seq}/complete")
  @Operation(summary = "Confirm an open task (a rotation done by hand) (admin)")
  public RemediationPlans.Plan complete(
      @PathVariable long id,
      @PathVariable int seq,
      @RequestBody(required = false) TaskNote body,
      Authentication auth) {
    return plans.completeTask(
        SecurityConfig.actor(auth), id, seq, body == null ? null : body.note());
  }

  @PostMapping("/{id}/actions/{seq}/reverse")
  @Operation(
      summary =
          "Request reversing an executed action (re-enable the account, re-publish the key); the"
              + " same call by a second admin carries the request out")
  public RemediationPlans.Plan reverse(
      @PathVariable long id, @PathVariable int seq, Authentication auth) {
    return plans.reverse(SecurityConfig.actor(auth), auth.getName(), id, seq);
  }
}
