package dev.haechi.app.api;

import dev.haechi.app.cli.FindingReport;
import dev.haechi.app.resilience.LiveResilience;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.resilience.live.LiveResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Live resilience reports in, live findings out (issue 14; FORMATS.md §3.1). */
@RestController
@Tag(name = "resilience")
public class LiveResilienceController {
  static final long MAX_BYTES = 16L * 1024 * 1024;
  private final LiveResilience live;

  public LiveResilienceController(LiveResilience live) {
    this.live = live;
  }

  @PostMapping(
      path = "/api/v1/resilience/reports",
      consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
  @Operation(
      summary = "Post backup runs, replication lag samples and restore tests (JSON Lines, §3.1)",
      description =
          "Checked against the named catalog's newest version. Bad lines are named (source:line)"
              + " and skipped; lines dated after now plus 5 minutes are flagged and not stored."
              + " The live findings are recomputed at once: findings that open raise alerts,"
              + " findings whose condition cleared are closed.")
  public LiveResilience.Ingested post(
      @RequestParam(defaultValue = "government") String catalog,
      HttpServletRequest request,
      Authentication auth)
      throws IOException {
    long length = request.getContentLengthLong();
    if (length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "body: " + length + " bytes is over the limit of " + MAX_BYTES);
    }
    byte[] body = request.getInputStream().readNBytes((int) MAX_BYTES + 1);
    if (body.length > MAX_BYTES) {
      throw new IllegalArgumentException("body: over the limit of " + MAX_BYTES + " bytes");
    }
    return live.ingest(
        SecurityConfig.actor(auth), catalog, new String(body, StandardCharsets.UTF_8));
  }

  @GetMapping("/api/v1/resilience/live/{catalog}")
  @Operation(summary = "Open live findings of a catalog, recovered breaches and a summary")
  public Map<String, Object> findings(@PathVariable String catalog) {
    LiveResult r = live.current(catalog);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("findings", r.findings().stream().map(FindingReport::toJson).toList());
    out.put("summary", r.summary());
    out.put("recovered", r.history());
    out.put("opened", live.findingHistory(catalog, null, 200));
    return out;
  }

  @GetMapping("/api/v1/resilience/live/{catalog}/entity")
  @Operation(summary = "One entity's lag and backup timeline and its live findings, open and past")
  public Map<String, Object> entity(@PathVariable String catalog, @RequestParam String ref) {
    Map<String, Object> out = new LinkedHashMap<>(live.timeline(catalog, ref));
    LiveResult r = live.current(catalog);
    out.put(
        "findings",
        r.findings().stream()
            .filter(f -> ref.equals(f.subject().get("entity")))
            .map(FindingReport::toJson)
            .toList());
    out.put("recovered", r.history().stream().filter(e -> ref.equals(e.entity())).toList());
    out.put("opened", live.findingHistory(catalog, ref, 100));
    return out;
  }
}
