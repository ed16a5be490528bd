package dev.haechi.app.api;

import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.detection.IngestResult;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.detection.compiler.CompiledRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Breach Watch's HTTP side: batches of events in (JSON Lines, one event per line, with an API
 * token), and the rule inventory with its load problems.
 */
@RestController
@Tag(name = "detection")
public class DetectionController {
  /** Largest batch accepted in one request; larger ones are refused before any line is read. */
  static final long MAX_BATCH_BYTES = 64L << 20;

  private final DetectionService detection;

  public DetectionController(DetectionService detection) {
    this.detection = detection;
  }

  @PostMapping(
      path = "/api/v1/events",
      consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
  @Operation(
      summary = "Ingest a batch of events (JSON Lines, at most 64 MB)",
      description =
          "Evaluated in order by the detection engine. Lines that are not JSON objects or are over"
              + " 1 MB are counted and reported with their line numbers; the rest go on. 429 with"
              + " Retry-After when the engine stays busy: resend the whole batch.")
  public IngestResult ingest(HttpServletRequest request, Authentication auth) throws IOException {
    long length = request.getContentLengthLong();
    if (length > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "body: a batch of " + length + " bytes is over the limit of " + MAX_BATCH_BYTES);
    }
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
      return detection.ingest(SecurityConfig.actor(auth), "batch", in);
    }
  }

  @GetMapping("/api/v1/detection/rules")
  @Operation(summary = "The rules in use and the ones that did not load or compile, with why")
  public Map<String, Object> rules() {
    DetectionService.Loaded l = detection.loaded();
    List<Map<String, Object>> rules =
        l.engine().rules().stream().map(DetectionController::describe).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("locations", l.locations());
    out.put("rules", rules);
    out.put("identity", l.identity());
    out.put("problems", l.problems());
    return out;
  }

  static Map<String, Object> describe(CompiledRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.rule().id());
    m.put("title", r.rule().title());
    m.put("level", r.rule().level());
    m.put("tags", r.rule().tags());
    return m;
  }
}
