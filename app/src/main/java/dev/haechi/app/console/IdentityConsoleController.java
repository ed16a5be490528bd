package dev.haechi.app.console;

import dev.haechi.app.identity.DecisionStore;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.security.SecurityConfig;
import java.util.List;
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
  private final IncidentStory story;
  private final dev.haechi.app.alerts.AlertStore alerts;
  private final dev.haechi.app.identity.OwnerDecisions owners;

  public IdentityConsoleController(
      IdentityState state,
      DecisionStore decisions,
      dev.haechi.app.identity.RemediationPlans plans,
      dev.haechi.app.identity.ContinuousReconciliation continuous,
      dev.haechi.app.identity.IdentitySources sources,
      IncidentStory story,
      dev.haechi.app.alerts.AlertStore alerts,
      dev.haechi.app.identity.OwnerDecisions owners) {
    this.story = story;
    this.alerts = alerts;
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
  public String plans(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String q,
      Model model) {
    var all = plans.list();
    model.addAttribute("plans", ConsoleLists.plans(all, status, q));
    model.addAttribute("all", all.size());
    model.addAttribute("status", status);
    model.addAttribute("q", q);
    model.addAttribute(
        "statuses",
        all.stream()
            .map(dev.haechi.app.identity.RemediationPlans.Plan::status)
            .distinct()
            .sorted()
            .toList());
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

  /** One plan: what each action will change, who proposed and approved it, when each step ran. */
  @GetMapping("/identity/plans/{id}")
  public String plan(@PathVariable long id, Authentication auth, Model model) {
    dev.haechi.app.identity.RemediationPlans.Plan p;
    try {
      p = plans.plan(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No remediation plan " + id + ".");
    }
    model.addAttribute("plan", p);
    model.addAttribute(
        "personLabel",
        p.person() == null
            ? null
            : state
                .person(p.person())
                .map(
                    v ->
                        v.person().givenName()
                            + " "
                            + v.person().familyName()
                            + " ("
                            + p.person()
                            + ")")
                .orElse(p.person()));
    model.addAttribute("times", plans.times(id));
    model.addAttribute("me", auth.getName());
    model.addAttribute("active", "identity");
    return "identity-plan";
  }

  /**
   * The proposal form a finding or a person page leads to: for one leaver, what a plan would cover
   * ({@code accounts} on one system, or the {@code secrets} they held), for them only or for every
   * leaver, and where its actions would go. Proposing is {@link #propose}.
   */
  @GetMapping("/identity/plans/new")
  public String proposal(
      @RequestParam String person,
      @RequestParam(defaultValue = "accounts") String kind,
      @RequestParam(required = false) String system,
      Model model) {
    var view =
        state
            .person(person)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "No person '" + person + "' in the latest reconciliation."));
    List<String> systems = leaverSystems(view);
    boolean held = view.findings().stream().anyMatch(f -> f.type().equals("secret-custodian-left"));
    if (!kind.equals("accounts") && !kind.equals("secrets")) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "kind: accounts or secrets, not '" + kind + "'");
    }
    String chosen =
        kind.equals("accounts")
            ? (system != null && systems.contains(system)
                ? system
                : systems.isEmpty() ? null : systems.get(0))
            : null;
    model.addAttribute("view", view);
    model.addAttribute("kind", kind);
    model.addAttribute("system", chosen);
    model.addAttribute("systems", systems);
    model.addAttribute("held", held);
    if (kind.equals("accounts") && chosen != null) {
      model.addAttribute("mine", plans.leaverAccounts(chosen, person));
      model.addAttribute("every", plans.leaverAccounts(chosen, null).size());
      model.addAttribute("target", plans.targetOf(chosen));
    } else if (kind.equals("secrets") && held) {
      model.addAttribute("mine", plans.leaverSecrets(person));
      model.addAttribute("every", plans.leaverSecrets(null).size());
    } else {
      model.addAttribute("mine", List.of());
      model.addAttribute("every", 0);
    }
    model.addAttribute("active", "identity");
    return "identity-plan-new";
  }

  private static List<String> leaverSystems(IdentityState.PersonView view) {
    return view.findings().stream()
        .filter(f -> f.type().equals("leaver-active-account"))
        .map(f -> f.subject().get("system"))
        .filter(x -> x != null)
        .distinct()
        .sorted()
        .toList();
  }

  /**
   * Proposes a plan from a person page or a finding: {@code accounts} disables the leavers' enabled
   * accounts on {@code system}; {@code secrets} rotates or retires the secrets leavers held; with
   * {@code scope=person}, only {@code person}'s. The proposer cannot approve it.
   */
  @PostMapping("/identity/plans")
  public String propose(
      @RequestParam String kind,
      @RequestParam(required = false) String system,
      @RequestParam(required = false) String person,
      @RequestParam(required = false) String scope,
      @RequestParam(required = false) String raiseGuard,
      Authentication auth,
      RedirectAttributes flash) {
    String actor = SecurityConfig.actor(auth);
    try {
      if (scope != null && !scope.equals("person") && !scope.equals("all")) {
        throw new IllegalArgumentException("scope: person or all, not '" + scope + "'");
      }
      if ("person".equals(scope) && (person == null || person.isBlank())) {
        throw new IllegalArgumentException("person: name the leaver the plan is for");
      }
      String leaver = "person".equals(scope) ? person : null;
      dev.haechi.app.identity.RemediationPlans.Plan p =
          switch (kind) {
            case "accounts" ->
                plans.propose(
                    actor, auth.getName(), system, null, "yes".equals(raiseGuard), leaver);
            case "secrets" ->
                plans.proposeSecrets(
                    actor, auth.getName(), null, java.util.Map.of(), java.util.Map.of(), leaver);
            default ->
                throw new IllegalArgumentException("kind: accounts or secrets, not '" + kind + "'");
          };
      flash.addFlashAttribute(
          "message",
          "Plan "
              + p.id()
              + " proposed: "
              + p.actions().size()
              + (p.actions().size() == 1 ? " action" : " actions")
              + ". A second person, an admin, must approve it before it runs.");
      return "redirect:/identity/plans/" + p.id();
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", "No plan proposed: " + e.getMessage());
      return person == null || person.isBlank()
          ? "redirect:/identity/plans"
          : "redirect:"
              + org.springframework.web.util.UriComponentsBuilder.fromPath("/identity/plans/new")
                  .queryParam("person", person)
                  .queryParam("kind", kind)
                  .queryParamIfPresent("system", java.util.Optional.ofNullable(system))
                  .encode()
                  .toUriString();
    }
  }

  @PostMapping("/admin/identity/plans/{id}/approve")
  public String approveOne(@PathVariable long id, Authentication auth, RedirectAttributes flash) {
    try {
      plans.approve(SecurityConfig.actor(auth), auth.getName(), id);
      flash.addFlashAttribute(
          "message", "Plan " + id + " approved. It runs when an admin executes it.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/plans/" + id;
  }

  @PostMapping("/admin/identity/plans/{id}/execute")
  public String executeOne(
      @PathVariable long id,
      @RequestParam(required = false) String confirm,
      Authentication auth,
      RedirectAttributes flash) {
    if (!"yes".equals(confirm)) {
      flash.addFlashAttribute(
          "error", "Not executed: tick the box that confirms you read what each action changes.");
      return "redirect:/identity/plans/" + id;
    }
    try {
      var p = plans.execute(SecurityConfig.actor(auth), id);
      flash.addFlashAttribute("message", "Plan " + id + " executed: " + p.status() + ".");
    } catch (RuntimeException e) {
      flash.addFlashAttribute("error", "Plan " + id + " stopped: " + e.getMessage());
    }
    return "redirect:/identity/plans/" + id;
  }

  @PostMapping("/admin/identity/plans/{id}/tasks/{seq}")
  public String completeTask(
      @PathVariable long id,
      @PathVariable int seq,
      @RequestParam(required = false) String note,
      Authentication auth,
      RedirectAttributes flash) {
    try {
      plans.completeTask(SecurityConfig.actor(auth), id, seq, note);
      flash.addFlashAttribute("message", "Task " + seq + " of plan " + id + " confirmed as done.");
    } catch (IllegalArgumentException e) {
      flash.addFlashAttribute("error", e.getMessage());
    }
    return "redirect:/identity/plans/" + id;
  }

  /** How many of the newest alerts on a person's keys and accounts their page groups by rule. */
  static final int ALERTS_GROUPED = 2_000;

  /**
   * The alerts on a person's keys and accounts, one row per rule (item 1: one rule's alerts are one
   * story, not 50 rows): how many, how many open, the newest.
   */
  public record AlertsByRule(
      String ruleId,
      String title,
      String severity,
      int alerts,
      int open,
      java.time.Instant lastSeen,
      long latestId) {
    static List<AlertsByRule> of(List<dev.haechi.app.alerts.Alert> newestFirst) {
      java.util.Map<String, List<dev.haechi.app.alerts.Alert>> byRule =
          new java.util.LinkedHashMap<>();
      for (var a : newestFirst) {
        byRule
            .computeIfAbsent(a.source() + "|" + a.ruleId(), k -> new java.util.ArrayList<>())
            .add(a);
      }
      List<AlertsByRule> out = new java.util.ArrayList<>();
      for (var group : byRule.values()) {
        var newest = group.get(0);
        out.add(
            new AlertsByRule(
                newest.ruleId(),
                newest.title(),
                newest.severity(),
                group.size(),
                (int) group.stream().filter(a -> "open".equals(a.status())).count(),
                newest.lastSeen(),
                newest.id()));
      }
      return out;
    }
  }

  @GetMapping("/identity/people/{employeeId}")
  public String person(@PathVariable String employeeId, Model model) {
    var view =
        state
            .person(employeeId)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "No person '"
                            + employeeId
                            + "' in the latest reconciliation. Search the Leaver Guard findings"
                            + " for the name instead."));
    model.addAttribute("view", view);
    List<String> keyIds = story.keyIdsHeldBy(view);
    model.addAttribute("keyIds", keyIds);
    model.addAttribute("leaverSystems", leaverSystems(view));
    model.addAttribute(
        "heldByLeaver",
        view.findings().stream().anyMatch(f -> f.type().equals("secret-custodian-left")));
    List<dev.haechi.app.alerts.Alert> mentioning =
        alerts.mentioning(keyIds, List.of(":" + employeeId + ":"), ALERTS_GROUPED);
    model.addAttribute("personAlerts", AlertsByRule.of(mentioning));
    model.addAttribute("personAlertsCapped", mentioning.size() >= ALERTS_GROUPED);
    model.addAttribute("personAlertsLimit", ALERTS_GROUPED);
    model.addAttribute("personAlertsKid", keyIds.size() == 1 ? keyIds.get(0) : null);
    model.addAttribute(
        "personPlans",
        state
            .current()
            .map(
                l ->
                    story.plansTouching(
                        view.secrets().stream().map(h -> h.timeline().secret().secretId()).toList(),
                        keyIds,
                        List.of(employeeId),
                        l))
            .orElse(List.of()));
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
  public String cases(
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String q,
      Model model) {
    var all = state.cases();
    model.addAttribute("cases", ConsoleLists.correlationCases(all, rule, q));
    model.addAttribute("all", all.size());
    model.addAttribute("rule", rule);
    model.addAttribute("q", q);
    model.addAttribute(
        "rules",
        all.stream()
            .map(dev.haechi.identity.correlation.CorrelationCase::rule)
            .distinct()
            .sorted()
            .toList());
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
