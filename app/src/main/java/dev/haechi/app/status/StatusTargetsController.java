package dev.haechi.app.status;

import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.security.SecurityConfig;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the public status page is copied so that it outlives its host. Admins only (the route is
 * under {@code /api/v1/admin/}); every change is audited.
 */
@RestController
@RequestMapping("/api/v1/admin/status-targets")
@Tag(name = "status page")
public class StatusTargetsController {
  private final PublishTargetStore targets;
  private final StatusPublisher publisher;
  private final AuditLog audit;

  public StatusTargetsController(
      PublishTargetStore targets, StatusPublisher publisher, AuditLog audit) {
    this.targets = targets;
    this.publisher = publisher;
    this.audit = audit;
  }

  /**
   * @param kind {@code directory} or {@code s3}
   * @param location an absolute directory, or {@code s3://bucket;endpoint=..;region=..;
   *     path-style=true;access-key-env=VAR;secret-key-env=VAR}
   * @param cacheSeconds Cache-Control max-age of the copy (default 30)
   */
  public record NewTarget(String name, String kind, String location, Integer cacheSeconds) {}

  @GetMapping
  @Operation(summary = "Publish targets with each one's last successful publish and last error")
  public List<PublishTarget> list() {
    return targets.list();
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a publish target; the current page is published to it at once")
  public PublishTarget add(@RequestBody NewTarget body, Authentication auth) {
    PublishTarget t =
        targets.add(
            SecurityConfig.actor(auth),
            body.name(),
            body.kind(),
            body.location(),
            body.cacheSeconds());
    publisher.publishNow(t.id());
    return t;
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Remove a publish target (its copy stays where it is)")
  public Map<String, Object> remove(@PathVariable long id, Authentication auth) {
    targets.remove(SecurityConfig.actor(auth), id);
    return Map.of("id", id, "removed", true);
  }

  @PostMapping("/{id}/publish")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(summary = "Publish the current page to this target now (in the background)")
  public Map<String, Object> publish(@PathVariable long id, Authentication auth) {
    PublishTarget t = targets.get(id);
    audit.append(
        SecurityConfig.actor(auth), "status.target.publish", "status-target:" + id, t.name());
    publisher.publishNow(id);
    return Map.of("id", id, "queued", true);
  }
}
