package dev.haechi.app.status;

import dev.haechi.app.security.SecurityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Telling the public: component states and incidents. Analysts and admins; audited. */
@RestController
@RequestMapping("/api/v1/status")
@Tag(name = "status page")
public class StatusAdminController {
  private final StatusStore store;
  private final StatusBoard board;

  public StatusAdminController(StatusStore store, StatusBoard board) {
    this.store = store;
    this.board = board;
  }

  /**
   * @param status a Statuspage component state, e.g. {@code major_outage}
   * @param instead what citizens should do while it is down (e.g. which office to visit)
   */
  public record ComponentChange(String status, String instead) {}

  public record NewIncident(
      String name, String status, String impact, String body, List<String> components) {}

  public record IncidentUpdate(String status, String body) {}

  @PutMapping("/components/{id}")
  @Operation(summary = "Set a public service's state and what to do instead")
  public Map<String, Object> setComponent(
      @PathVariable String id, @RequestBody ComponentChange body, Authentication auth) {
    store.setComponent(
        SecurityConfig.actor(auth), id, ComponentStatus.parse(body.status()), body.instead());
    board.refresh();
    return Map.of("id", id, "status", body.status());
  }

  @PostMapping("/incidents")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Open an incident with its first public update")
  public Map<String, Object> open(@RequestBody NewIncident body, Authentication auth) {
    long id =
        store.openIncident(
            SecurityConfig.actor(auth),
            body.name(),
            body.status() == null ? "investigating" : body.status(),
            body.impact() == null ? "major" : body.impact(),
            body.body(),
            body.components());
    board.refresh();
    return Map.of("id", String.valueOf(id));
  }

  @PostMapping("/incidents/{id}/updates")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Post an update to an incident (resolved closes it)")
  public Map<String, Object> update(
      @PathVariable long id, @RequestBody IncidentUpdate body, Authentication auth) {
    store.updateIncident(SecurityConfig.actor(auth), id, body.status(), body.body());
    board.refresh();
    return Map.of("id", String.valueOf(id), "status", body.status());
  }
}
