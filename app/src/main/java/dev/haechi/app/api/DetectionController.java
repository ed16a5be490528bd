package dev.haechi.app.api;

import dev.haechi.app.breach.IngestedEvents;
import dev.haechi.app.detection.DetectionService;
import dev.haechi.app.detection.IngestBatchKeys;
import dev.haechi.app.detection.IngestListener;
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
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
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
  private final IngestBatchKeys keys;

  /** One keyed batch at a time checks and commits the store (the store has one writer anyway). */
  private final Object keyedStore = new Object();

  public DetectionController(
      DetectionService detection, IngestedEvents stored, IngestBatchKeys keys) {
    this.detection = detection;
    this.stored = stored;
    this.keys = keys;
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
              + " resend the whole batch. With an Idempotency-Key header (1 to 200 printable"
              + " characters, one per batch) a batch sent again with the same key is neither"
              + " evaluated nor stored again (resent: true); the same key with another body is"
              + " refused (409).")
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
    String key = request.getHeader("Idempotency-Key");
    if (key != null) {
      return keyed(actor, IngestBatchKeys.check(key), bytes, body);
    }
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
        batch.dataVersion(),
        false);
  }

  /**
   * A batch with a key (issue 12 item 11): evaluated with its alerts stored and the key recorded in
   * one transaction, then committed to the access-event store with the key in its batch record. A
   * delivery of a key already evaluated skips the evaluation; it commits the store only when the
   * earlier delivery did not get that far (the store's batch records are asked, so a kill between
   * the store's commit and the key's mark stores nothing twice).
   */
  private EventsIngestResult keyed(String actor, String key, byte[] bytes, String body)
      throws IOException {
    String sha = IngestBatchKeys.sha256(bytes);
    Optional<IngestBatchKeys.Seen> seen = keys.find(actor, key);
    IngestResult r = new IngestResult(0, 0, List.of(), 0, 0);
    if (seen.isPresent()) {
      sameBody(seen.get(), sha, key);
    } else {
      try {
        r =
            detection.ingestInTransaction(
                actor,
                "batch",
                body.lines().toList(),
                IngestListener.NONE,
                () -> keys.evaluated(actor, key, sha));
      } catch (DataIntegrityViolationException race) {
        // another delivery of this key was evaluated meanwhile (its transaction won)
        seen = keys.find(actor, key);
        if (seen.isEmpty()) {
          throw race;
        }
        sameBody(seen.get(), sha, key);
      }
    }
    IngestedEvents.Batch batch = stored.prepare(body, "batch");
    synchronized (keyedStore) {
      boolean storedBefore = keys.find(actor, key).map(IngestBatchKeys.Seen::stored).orElse(false);
      if (!storedBefore) {
        String label = IngestBatchKeys.storeLabel(actor, key);
        boolean inStore =
            seen.isPresent()
                && stored.enabled()
                && stored.storedSources().stream().anyMatch(s -> s.contains(label));
        if (!inStore) {
          stored.commit(batch, List.of("api:" + actor, label));
        }
        keys.stored(actor, key);
      }
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
        seen.isPresent() ? 0 : batch.rejected(),
        seen.isPresent() ? List.of() : batch.rejections(),
        batch.dataVersion(),
        seen.isPresent());
  }

  private static void sameBody(IngestBatchKeys.Seen seen, String sha, String key) {
    if (!seen.bodySha256().equals(sha)) {
      throw new KeyReusedException(
          "Idempotency-Key "
              + key
              + " was used at "
              + seen.evaluatedAt()
              + " for another batch (its body differs): send each batch with a key of its own");
    }
  }

  /** A batch key sent again with another body (409). */
  static final class KeyReusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyReusedException(String message) {
      super(message);
    }
  }

  @org.springframework.web.bind.annotation.ExceptionHandler(KeyReusedException.class)
  org.springframework.http.ResponseEntity<org.springframework.http.ProblemDetail> keyReused(
      KeyReusedException e) {
    return org.springframework.http.ResponseEntity.status(HttpStatus.CONFLICT)
        .body(
            org.springframework.http.ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT, e.getMessage()));
  }

  /**
   * What one batch did: the detection engine's {@link IngestResult} fields (alerts that reopened an
   * acknowledged or closed one, and alerts that could not be stored, counted), and what the
   * access-event store kept ({@code stored}, committed as one batch) and refused ({@code
   * storeRejected}, the first 20 named in {@code storeRejections} as {@code batch:LINE: reason}).
   * {@code resent}: the batch's {@code Idempotency-Key} was evaluated before, so this delivery
   * evaluated nothing (its counts are 0) and stored only what the earlier one had not.
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
      String storeVersion,
      boolean resent) {}

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
