package dev.haechi.app.console;

import dev.haechi.app.identity.DecisionStore;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.security.SecurityConfig;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Leaver Guard's console pages: a person, and the correlation-case queue. */
@Controller
public class IdentityConsoleController {
  private final IdentityState state;
  private final DecisionStore decisions;
  private final dev.haechi.app.identity.RemediationPlans plans;
  private final dev.haechi.app.identity.ContinuousReconciliation continuous;
  private final dev.haechi.app.identity.IdentitySources sources;
  private final dev.haechi.app.identity.OwnerDecisions owners;

  public IdentityConsoleController(
      IdentityState state,
      DecisionStore decisions,
      dev.haechi.app.identity.RemediationPlans plans,
      dev.haechi.app.identity.ContinuousReconciliation continuous,
      dev.haechi.app.identity.IdentitySources sources,
      dev.haechi.app.identity.OwnerDecisions owners) {
    this.owners = owners;
    this.state = state;
    this.decisions = decisions;
    this.plans = plans;
    this.continuous = continuous;
    this.sources = sources;
  }

  @GetMapping("/identity/runs")
  public String runs(Model model) {
    model.addAttribute("runs", continuous.runs(50));
    model.addAttribute("sources", sources.list());
    model.addAttribute("active", "identity");
    return "identity-runs";
  }

  @PostMapping("/identity/runs")
  public String runNow(RedirectAttributes flash) {
    var run = continuous.run("console", true);
    if (run == null) {
      flash.addFlashAttribute(
          "error", "Nothing to reconcile: an admin must add an hr source first (see below).");
    } else {
      flash.addFlashAttribute(
          "message",
          "Run "
              + run.id()
              + ": "
              + run.status()
              + ", "
              + run.diff().newLeavers().size()
              + " new leavers, "
              + run.alertsRaised()
              + " alerts raised.");
    }
    return "redirect:/identity/runs";
  }

  @GetMapping("/identity/plans")
  public String plans(Model model) {
    model.addAttribute("plans", plans.list());
    model.addAttribute("active", "identity");
    return "identity-plans";
  }

  @PostMapping("/admin/identity/plans/approve")
  public String approve(
      @RequestParam long id,
      @RequestParam(defaultValue = "false") boolean raiseGuard,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      plans.approve(SecurityConfig.actor(auth), auth.getName(), id, raiseGuard);
      flash.addFlashAttribute("message", "Plan " + id + " approved.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/plans";
  }

  @PostMapping("/admin/identity/plans/execute")
  public String execute(@RequestParam long id, Authentication auth, RedirectAttributes flash) {
    try {
      var p = plans.execute(SecurityConfig.actor(auth), id);
      flash.addFlashAttribute("message", "Plan " + id + " executed: " + p.status() + ".");
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/plans";
  }

  @GetMapping("/identity/people/{employeeId}")
  public String person(@PathVariable String employeeId, Model model) {
    model.addAttribute(
        "view",
        state
            .person(employeeId)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "no person '" + employeeId + "' in the latest reconciliation")));
    model.addAttribute("active", "identity");
    return "identity-person";
  }

  @PostMapping("/admin/identity/cases/approve")
  public String approveDecision(
      @RequestParam String accountKey, Authentication auth, RedirectAttributes flash) {
    try {
      owners.approve(SecurityConfig.actor(auth), auth.getName(), accountKey);
      flash.addFlashAttribute("message", "The decision on " + accountKey + " applies now.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/cases";
  }

  @GetMapping("/identity/cases")
  public String cases(Model model) {
    model.addAttribute("cases", state.cases());
    model.addAttribute("requests", owners.pending());
    model.addAttribute("loaded", state.current().isPresent());
    model.addAttribute("active", "identity");
    return "identity-cases";
  }

  @PostMapping("/identity/cases/decide")
  public String decide(
      @RequestParam String accountKey,
      @RequestParam String employeeId,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      var o =
          owners.decide(
              SecurityConfig.actor(auth),
              auth.getName(),
              SecurityConfig.isAdmin(auth),
              accountKey,
              employeeId);
      flash.addFlashAttribute(
          "message",
          o.status().equals("applied")
              ? accountKey
                  + " is "
                  + employeeId
                  + "'s from now on (the next reconciliation uses it)."
              : "Your decision on "
                  + accountKey
                  + " would close a leaver finding; it waits for an admin's approval.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/cases";
  }
}
