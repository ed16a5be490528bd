package dev.haechi.app.api;

import dev.haechi.app.identity.DecisionStore;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.app.identity.OwnerDecisions;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.identity.correlation.CorrelationCase;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Leaver Guard's latest reconciliation: people and the correlation-case queue. */
@RestController
@RequestMapping("/api/v1/identity")
@Tag(name = "identity")
public class IdentityController {
  private final IdentityState state;
  private final DecisionStore decisions;

  private final OwnerDecisions owners;

  public IdentityController(IdentityState state, DecisionStore decisions, OwnerDecisions owners) {
    this.owners = owners;
    this.state = state;
    this.decisions = decisions;
  }

  public record Decision(String employeeId) {}

  @GetMapping("/people/{employeeId}")
  @Operation(summary = "A person: accounts, secrets held (with custody), findings")
  public IdentityState.PersonView person(@PathVariable String employeeId) {
    return state
        .person(employeeId)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "no person '" + employeeId + "' in the latest reconciliation"));
  }

  @GetMapping("/cases")
  @Operation(summary = "Accounts that match several people and wait for a decision")
  public List<CorrelationCase> cases() {
    return state.cases();
  }

  @PostMapping("/cases/{accountKey}/decision")
  @Operation(
      summary =
          "Decide whose account it is; later reconciliations remember it. 204 when it applies;"
              + " 202 with the leaver findings it would close when an analyst's decision waits for"
              + " an admin. Analysts decide only open cases, for one of the candidates.")
  public org.springframework.http.ResponseEntity<OwnerDecisions.Outcome> decide(
      @PathVariable String accountKey, @RequestBody Decision body, Authentication auth) {
    OwnerDecisions.Outcome o =
        owners.decide(
            SecurityConfig.actor(auth),
            auth.getName(),
            SecurityConfig.isAdmin(auth),
            accountKey,
            body.employeeId());
    return o.status().equals("applied")
        ? org.springframework.http.ResponseEntity.noContent().build()
        : org.springframework.http.ResponseEntity.accepted().body(o);
  }

  @GetMapping("/cases/requests")
  @Operation(
      summary = "Analysts' decisions that wait for an admin (they would close a leaver finding)")
  public List<OwnerDecisions.Request> requests() {
    return owners.pending();
  }

  @PostMapping("/cases/{accountKey}/decision/approve")
  @Operation(summary = "Approve a waiting decision (admin, a second person)")
  public OwnerDecisions.Outcome approveDecision(
      @PathVariable String accountKey, Authentication auth) {
    return owners.approve(SecurityConfig.actor(auth), auth.getName(), accountKey);
  }
}
