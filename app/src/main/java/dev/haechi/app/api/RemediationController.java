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
   * @param system the system whose leavers' accounts are disabled
   * @param target its live source, e.g. {@code ldaps://dc1/DC=corp;bind-dn=…;password-env=AD_PW}
   * @param raiseGuard true to accept a plan above the mass-change guard
   */
  public record Proposal(String system, String target, boolean raiseGuard) {}

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
    return plans.propose(
        SecurityConfig.actor(auth),
        auth.getName(),
        body.system(),
        body.target(),
        body.raiseGuard());
  }

  @PostMapping("/{id}/approve")
  @Operation(summary = "Approve a plan (admin, not its proposer)")
  public RemediationPlans.Plan approve(@PathVariable long id, Authentication auth) {
    return plans.approve(SecurityConfig.actor(auth), auth.getName(), id);
  }

  @PostMapping("/{id}/execute")
  @Operation(summary = "Execute an approved plan; resumes after a failure; idempotent")
  public RemediationPlans.Plan execute(@PathVariable long id, Authentication auth) {
    return plans.execute(SecurityConfig.actor(auth), id);
  }

  @PostMapping("/{id}/actions/{seq}/reverse")
  @Operation(summary = "Re-enable the account an executed action disabled")
  public RemediationPlans.Plan reverse(
      @PathVariable long id, @PathVariable int seq, Authentication auth) {
    return plans.reverse(SecurityConfig.actor(auth), id, seq);
  }
}
