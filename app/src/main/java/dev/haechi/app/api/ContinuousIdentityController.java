package dev.haechi.app.api;

import dev.haechi.app.identity.ContinuousReconciliation;
import dev.haechi.app.identity.IdentitySources;
import dev.haechi.app.security.SecurityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Continuous Leaver Guard: the sources read on a schedule (admins), the runs with what changed, and
 * a run on demand (analysts).
 */
@RestController
@Tag(name = "identity")
public class ContinuousIdentityController {
  private final IdentitySources sources;
  private final ContinuousReconciliation continuous;

  public ContinuousIdentityController(
      IdentitySources sources, ContinuousReconciliation continuous) {
    this.sources = sources;
    this.continuous = continuous;
  }

  /**
   * @param kind {@code hr}, {@code accounts}, {@code secrets}, {@code vault-audit} or {@code jwks}
   * @param system the account system's name (accounts only)
   * @param location a file path, or for accounts a live source ({@code ldaps://…;password-env=…})
   * @param every how often to read it, e.g. {@code 15m} (default), at least {@code 10s}
   */
  public record SourceBody(String kind, String system, String location, String every) {}

  @GetMapping("/api/v1/identity/sources")
  @Operation(summary = "The sources continuous reconciliation reads, and how their last read went")
  public List<IdentitySources.Source> list() {
    return sources.list();
  }

  @PostMapping("/api/v1/identity/sources")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add or replace a source (admin)")
  public IdentitySources.Source save(@RequestBody SourceBody body, Authentication auth) {
    return sources.save(
        SecurityConfig.actor(auth), body.kind(), body.system(), body.location(), body.every());
  }

  @DeleteMapping("/api/v1/identity/sources/{name}")
  @Operation(summary = "Stop reading a source (admin)")
  public ResponseEntity<Void> delete(@PathVariable String name, Authentication auth) {
    sources.delete(SecurityConfig.actor(auth), name);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/api/v1/identity/runs")
  @Operation(summary = "Recent reconciliation runs with new leavers and accounts that appeared")
  public List<Map<String, Object>> runs(@RequestParam(defaultValue = "20") int limit) {
    if (limit < 1 || limit > 200) {
      throw new IllegalArgumentException("limit: between 1 and 200");
    }
    return continuous.runs(limit);
  }

  @PostMapping("/api/v1/identity/runs")
  @Operation(summary = "Read every source now and reconcile")
  public ResponseEntity<?> runNow() {
    ContinuousReconciliation.Run run = continuous.run("api", true);
    if (run == null) {
      throw new IllegalArgumentException(
          "nothing to reconcile: configure an hr source (POST /api/v1/identity/sources) first,"
              + " and check each source's lastError");
    }
    return ResponseEntity.ok(run);
  }
}
