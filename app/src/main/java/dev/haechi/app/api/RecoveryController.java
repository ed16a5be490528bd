package dev.haechi.app.api;

import dev.haechi.app.recovery.RecoveryService;
import dev.haechi.app.recovery.RecoveryView;
import dev.haechi.app.recovery.Restoration;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.core.Durations;
import dev.haechi.resilience.recovery.CrewsFile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Restoration after a disaster: start one (plan for N crews), crews report starts and finishes, the
 * plan is recomputed with their work pinned, and progress, ETAs and curves are read here.
 */
@RestController
@Tag(name = "recovery")
public class RecoveryController {
  private final RecoveryService recovery;

  public RecoveryController(RecoveryService recovery) {
    this.recovery = recovery;
  }

  /**
   * @param catalog the catalog's name (default: the first imported)
   * @param lost what was lost: {@code zone:NAME}, {@code site:NAME}, {@code asset:NAME}
   * @param event {@code fire} (default), {@code power} or {@code cooling}
   * @param at when it happened (ISO-8601; default now)
   * @param crews restoration crews, interchangeable (default 10)
   * @param timeLimit longest solve, e.g. {@code 30s} (default)
   * @param crewList crews with sites and skills, used instead of {@code crews}: {@code [{name,
   *     site, skills, count}]} (FORMATS.md §4 crews file, as JSON)
   */
  public record Start(
      String catalog,
      List<String> lost,
      String event,
      String at,
      Integer crews,
      String timeLimit,
      List<CrewsFile.Spec> crewList) {}

  /**
   * @param state {@code restoring} (started), {@code restored} (finished), {@code degraded}, {@code
   *     down}
   * @param at when (ISO-8601; default now)
   */
  public record Report(String system, String state, String crew, String at, String note) {}

  /**
   * Answers at once ({@code 202}): the loss is checked against the catalog (unknown names are
   * refused with {@code 400}), the restoration is stored as {@code planning} and planned in the
   * background; the answer is its start ({@link RecoveryView#start}), whose {@code progress}
   * address says when the plan is ready ({@code planned}: {@code GET /api/v1/recovery} is the new
   * restoration) or why it failed. Another start while one is planning is refused ({@code 409}).
   */
  @PostMapping("/api/v1/recovery")
  @Operation(
      summary =
          "Start a restoration after a loss for N crews: answers at once (202) with its id and"
              + " progress address; the plan is made in the background")
  public org.springframework.http.ResponseEntity<Map<String, Object>> start(
      @RequestBody Start body, Authentication auth) {
    var started =
        recovery.begin(
            SecurityConfig.actor(auth),
            body.catalog(),
            body.lost(),
            body.event(),
            instant("at", body.at()),
            body.crews() == null ? 10 : body.crews(),
            body.crewList(),
            Durations.parse(body.timeLimit() == null ? "30s" : body.timeLimit()));
    var status = recovery.startStatus(started.id()).orElseThrow();
    return org.springframework.http.ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(java.net.URI.create("/api/v1/recovery/starts/" + started.id()))
        .body(RecoveryView.start(status));
  }

  @GetMapping("/api/v1/recovery/starts/{id}")
  @Operation(
      summary =
          "How a restoration's start goes: planning, planned, failed (with the reason) or"
              + " interrupted (the server stopped before the plan was ready)")
  public Map<String, Object> startStatus(
      @org.springframework.web.bind.annotation.PathVariable long id) {
    return RecoveryView.start(
        recovery
            .startStatus(id)
            .orElseThrow(
                () ->
                    new org.springframework.web.server.ResponseStatusException(
                        HttpStatus.NOT_FOUND, "no restoration " + id)));
  }

  @org.springframework.web.bind.annotation.ExceptionHandler(
      RecoveryService.StartInProgressException.class)
  org.springframework.http.ResponseEntity<org.springframework.http.ProblemDetail> busy(
      RecoveryService.StartInProgressException e) {
    var problem =
        org.springframework.http.ProblemDetail.forStatusAndDetail(
            HttpStatus.CONFLICT, e.getMessage());
    problem.setProperty("progress", "/api/v1/recovery/starts/" + e.planning());
    return org.springframework.http.ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
  }

  @GetMapping("/api/v1/recovery")
  @Operation(
      summary =
          "The restoration under way: progress per grade, plan, bounds, ETAs; replanning says a"
              + " newer plan is being made after crews' reports")
  public Map<String, Object> current() {
    Map<String, Object> m = RecoveryView.summary(under());
    m.put("replanning", recovery.replanning());
    return m;
  }

  @GetMapping("/api/v1/recovery/systems")
  @Operation(summary = "Every system to restore with its grade, state and planned ETA")
  public List<Map<String, Object>> systems() {
    return recovery.systems(under());
  }

  @GetMapping("/api/v1/recovery/curve")
  @Operation(summary = "Restored systems over hours since the event, as reported and as planned")
  public Map<String, Object> curve() {
    return RecoveryView.curve(under());
  }

  @PostMapping("/api/v1/recovery/updates")
  @Operation(summary = "A crew reports a start (restoring), finish (restored), degraded or down")
  public Map<String, Object> report(@RequestBody Report body, Authentication auth) {
    return RecoveryView.summary(
        recovery.report(
            SecurityConfig.actor(auth),
            body.system(),
            body.state(),
            body.crew(),
            instant("at", body.at()),
            body.note()));
  }

  @PostMapping("/api/v1/recovery/replan")
  @Operation(summary = "Recompute the plan now with reported work pinned")
  public Map<String, Object> replan() {
    under();
    return RecoveryView.summary(recovery.replanNow());
  }

  private Restoration under() {
    return recovery
        .current()
        .orElseThrow(() -> new IllegalArgumentException("no restoration under way"));
  }

  private static Instant instant(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not an ISO-8601 instant: " + text);
    }
  }
}
