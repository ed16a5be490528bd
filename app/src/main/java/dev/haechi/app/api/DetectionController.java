package dev.haechi.app.api;

import dev.haechi.app.breach.IngestedEvents;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.detection.IngestResult;
import dev.haechi.app.security.SecurityConfig;
import dev.haechi.detection.compiler.CompiledRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
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
  private final IngestedEvents stored;

  public DetectionController(DetectionService detection, IngestedEvents stored) {
    this.detection = detection;
    this.stored = stored;
  }

  @PostMapping(
      path = "/api/v1/events",
      consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
  @Operation(
      summary = "Ingest a batch of events (JSON Lines, at most 64 MB)",
      description =
          "Evaluated in order by the detection engine. Lines that are not JSON objects or are over"
              + " 1 MB are counted and reported with their line numbers; the rest go on. The"
              + " same batch is committed to the access-event store (every line with a valid"
              + " @timestamp, as one batch; lines it refuses are named in storeRejections). 429"
              + " with Retry-After when the engine stays busy: nothing was stored or evaluated,"
              + " resend the whole batch.")
  public EventsIngestResult ingest(HttpServletRequest request, Authentication auth)
      throws IOException {
    long length = request.getContentLengthLong();
    if (length > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "body: a batch of " + length + " bytes is over the limit of " + MAX_BATCH_BYTES);
    }
    byte[] bytes = request.getInputStream().readNBytes((int) MAX_BATCH_BYTES + 1);
    if (bytes.length > MAX_BATCH_BYTES) {
      throw new IllegalArgumentException(
          "body: the batch is over the limit of " + MAX_BATCH_BYTES + " bytes");
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    String actor = SecurityConfig.actor(auth);
    IngestedEvents.Batch batch = stored.prepare(body, "batch");
    IngestResult r;
    try (BufferedReader in = new BufferedReader(new StringReader(body))) {
      r = detection.ingest(actor, "batch", in, () -> stored.commit(batch, actor));
    }
    return new EventsIngestResult(
        r.events(),
        r.rejected(),
        r.rejections(),
        r.alerts(),
        r.newAlerts(),
        r.reopenedAlerts(),
        r.alertsNotStored(),
        batch.enabled(),
        batch.stored(),
        batch.rejected(),
        batch.rejections(),
        batch.dataVersion());
  }

  /**
   * What one batch did: the detection engine's {@link IngestResult} fields (alerts that reopened an
   * acknowledged or closed one, and alerts that could not be stored, counted), and what the
   * access-event store kept ({@code stored}, committed as one batch) and refused ({@code
   * storeRejected}, the first 20 named in {@code storeRejections} as {@code batch:LINE: reason}).
   */
  public record EventsIngestResult(
      long events,
      long rejected,
      List<String> rejections,
      long alerts,
      long newAlerts,
      long reopenedAlerts,
      long alertsNotStored,
      boolean storeEnabled,
      long stored,
      long storeRejected,
      List<String> storeRejections,
      String storeVersion) {}

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
    out.put("regexCutOffs", regexCutOffs(l.engine().rules()));
    return out;
  }

  /**
   * The {@code |re} patterns whose searches were cut off since the start ({@link
   * dev.haechi.detection.compiler.RegexGuard}): the pattern, how often, the rules that use it and
   * the reason, so that a rule that silently stops matching on long values is visible (issue 12).
   */
  public static List<Map<String, Object>> regexCutOffs(List<CompiledRule> rules) {
    return dev.haechi.detection.compiler.RegexGuard.cutOffs().stream()
        .map(
            c -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("pattern", c.pattern());
              m.put("count", c.count());
              m.put("last", c.last());
              m.put(
                  "rules",
                  rules.stream()
                      .filter(r -> String.valueOf(r.rule().detection()).contains(c.pattern()))
                      .map(r -> r.rule().id())
                      .toList());
              m.put("reason", c.reason());
              return m;
            })
        .toList();
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
