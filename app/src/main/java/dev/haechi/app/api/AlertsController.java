package dev.haechi.app.api;

import dev.haechi.app.alerts.Alert;
import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.findings.PageOf;
import dev.haechi.app.security.SecurityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts from Leaver Guard and Breach Watch: list, read, acknowledge or close. */
@RestController
@Tag(name = "alerts")
public class AlertsController {
  private final AlertStore alerts;

  public AlertsController(AlertStore alerts) {
    this.alerts = alerts;
  }

  /**
   * @param status {@code open}, {@code acknowledged} or {@code closed}
   */
  public record StatusBody(String status) {}

  @GetMapping("/api/v1/alerts")
  @Operation(summary = "Alerts, newest first; filter by source (identity, detection) and status")
  public PageOf<Alert> list(
      @RequestParam(required = false) String source,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging.check(page, size);
    return alerts.list(source, status, page, size);
  }

  @GetMapping("/api/v1/alerts/{id}")
  @Operation(summary = "One alert with its details")
  public Alert get(@PathVariable long id) {
    return alerts.get(id);
  }

  @PostMapping("/api/v1/alerts/{id}/status")
  @Operation(summary = "Acknowledge, close or reopen an alert (analyst)")
  public Alert status(@PathVariable long id, @RequestBody StatusBody body, Authentication auth) {
    return alerts.setStatus(SecurityConfig.actor(auth), id, body.status());
  }
}
