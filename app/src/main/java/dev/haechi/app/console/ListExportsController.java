package dev.haechi.app.console;

import dev.haechi.app.breach.BreachCases;
import dev.haechi.app.exercise.ExerciseRuns;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.identity.RemediationPlans;
import dev.haechi.app.security.UserStore;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * CSV and JSON downloads of the console's short lists, filtered exactly as their pages are ({@link
 * ConsoleLists}). Each is reached by the list's own address with {@code format=csv|json}, so it is
 * guarded by the same role as the page.
 */
@Controller
public class ListExportsController {
  private final BreachCases breachCases;
  private final RemediationPlans plans;
  private final IdentityState identity;
  private final ExerciseRuns runs;
  private final UserStore users;
  private final Exports exports;

  public ListExportsController(
      BreachCases breachCases,
      RemediationPlans plans,
      IdentityState identity,
      ExerciseRuns runs,
      UserStore users,
      Exports exports) {
    this.breachCases = breachCases;
    this.plans = plans;
    this.identity = identity;
    this.runs = runs;
    this.users = users;
    this.exports = exports;
  }

  @GetMapping(value = "/breach/cases", params = "format")
  public ResponseEntity<byte[]> breachCases(
      @RequestParam String format,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String severity,
      @RequestParam(required = false) String q,
      Authentication auth) {
    Exports.format(format);
    return exports.download(
        auth,
        "breach-cases",
        format,
        ConsoleLists.breachCasesTable(
            ConsoleLists.breachCases(breachCases.list(), status, severity, q)));
  }

  @GetMapping(value = "/identity/plans", params = "format")
  public ResponseEntity<byte[]> plans(
      @RequestParam String format,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String q,
      Authentication auth) {
    Exports.format(format);
    return exports.download(
        auth,
        "remediation-plans",
        format,
        ConsoleLists.plansTable(ConsoleLists.plans(plans.list(), status, q)));
  }

  @GetMapping(value = "/identity/cases", params = "format")
  public ResponseEntity<byte[]> correlationCases(
      @RequestParam String format,
      @RequestParam(required = false) String rule,
      @RequestParam(required = false) String q,
      Authentication auth) {
    Exports.format(format);
    return exports.download(
        auth,
        "correlation-cases",
        format,
        ConsoleLists.correlationCasesTable(
            ConsoleLists.correlationCases(identity.cases(), rule, q)));
  }

  @GetMapping(value = "/exercise", params = "format")
  public ResponseEntity<byte[]> runs(
      @RequestParam String format,
      @RequestParam(required = false) String scenario,
      @RequestParam(required = false) String status,
      Authentication auth) {
    Exports.format(format);
    return exports.download(
        auth,
        "exercise-runs",
        format,
        ConsoleLists.runsTable(ConsoleLists.runs(runs.list(), scenario, status)));
  }

  @GetMapping(value = "/admin/users", params = "format")
  public ResponseEntity<byte[]> users(
      @RequestParam String format,
      @RequestParam(required = false) String role,
      @RequestParam(required = false) String q,
      Authentication auth) {
    Exports.format(format);
    return exports.download(
        auth, "users", format, ConsoleLists.usersTable(ConsoleLists.users(users.list(), role, q)));
  }
}
