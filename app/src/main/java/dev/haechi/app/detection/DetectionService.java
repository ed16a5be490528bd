package dev.haechi.app.detection;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.alerts.WebhookDelivery;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.core.InputException;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.Alert;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.CompileFailure;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.KnownUserIds;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.identity.MemberIdFile;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Breach Watch in the server: one compiled engine (the built-in pack unless {@code
 * haechi.detection.builtin=false}, the rule folders in {@code haechi.detection.rules}, the
 * pipelines in {@code haechi.detection.pipelines}, and Leaver Guard's latest state as its identity
 * context, with the existing user IDs of {@code haechi.detection.members}) that ingested batches
 * run through, one batch at a time, in order, so correlation windows see events as sent.
 * Back-pressure: a batch waits at most {@code haechi.detection.ingest-wait} (default 2 s) for the
 * engine and is otherwise refused whole ({@link EngineBusyException}, HTTP 429), never half-read.
 * Alerts go to the {@link AlertStore}, one per rule, principal and day, with repeats counted.
 */
@Component
public class DetectionService {
  static final int REPORTED_REJECTIONS = 20;

  private final AlertStore alerts;
  private final WebhookDelivery webhook;
  private final AuditLog audit;
  private final IdentityState identity;
  private final boolean builtin;
  private volatile Path members;
  private final List<String> ruleLocations;
  private final List<String> pipelineNames;
  private final long waitMillis;
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile Loaded loaded;

  /**
   * The engine and what went into it.
   *
   * @param identityVersion the {@link IdentityState#version()} its identity context was built from
   * @param identity a one-line description of that context
   */
  public record Loaded(
      DetectionEngine engine,
      List<String> locations,
      List<String> problems,
      long identityVersion,
      String identity) {}

  public DetectionService(
      AlertStore alerts,
      WebhookDelivery webhook,
      AuditLog audit,
      IdentityState identity,
      @Value("${haechi.detection.builtin:true}") boolean builtin,
      @Value("${haechi.detection.members:}") String members,
      @Value("${haechi.detection.rules:}") List<String> ruleLocations,
      @Value("${haechi.detection.pipelines:}") List<String> pipelineNames,
      @Value("${haechi.detection.ingest-wait:2s}") java.time.Duration wait) {
    this.alerts = alerts;
    this.webhook = webhook;
    this.audit = audit;
    this.identity = identity;
    this.builtin = builtin;
    this.members = members.isBlank() ? null : Path.of(members);
    this.ruleLocations = ruleLocations.stream().filter(s -> !s.isBlank()).toList();
    this.pipelineNames = pipelineNames.stream().filter(s -> !s.isBlank()).toList();
    this.waitMillis = wait.toMillis();
  }

  /**
   * The engine, compiled on first use and again after Leaver Guard's state changed (a new
   * reconciliation): correlation windows and disclosure baselines then start afresh.
   */
  public Loaded loaded() {
    Loaded l = loaded;
    if (l == null || l.identityVersion() != identity.version()) {
      synchronized (this) {
        if (loaded == null || loaded.identityVersion() != identity.version()) {
          Loaded fresh = compile();
          lock.lock();
          try {
            loaded = fresh;
          } finally {
            lock.unlock();
          }
        }
        l = loaded;
      }
    }
    return l;
  }

  /**
   * The file of user IDs that exist (members.json or members.txt, see {@code MemberIdFile}), for
   * the "token for a user that does not exist" rule; takes effect at the next compile.
   */
  public synchronized void useMembers(Path file) {
    this.members = file;
    this.loaded = null;
  }

  private Loaded compile() {
    List<String> problems = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    for (String loc : ruleLocations) {
      Path p = Path.of(loc);
      if (Files.exists(p)) {
        paths.add(p);
      } else {
        problems.add(loc + ": no such rule file or folder (haechi.detection.rules)");
      }
    }
    List<ProcessingPipeline> pipelines =
        pipelineNames.stream().map(PipelineLoader::resolve).toList();
    RuleSet rules = paths.isEmpty() ? RuleLoader.load(List.of()) : RuleLoader.load(paths);
    if (builtin) {
      rules = BuiltinRules.merge(rules, BuiltinRules.load());
    }
    rules.report().failures().forEach(f -> problems.add(String.valueOf(f)));
    long version = identity.version();
    IdentityContext context = identityContext(problems);
    DetectionEngine engine = IdentityAwareEngine.compile(rules, pipelines, context);
    for (CompileFailure f : engine.failures()) {
      problems.add(f.toString());
    }
    List<String> locations = new ArrayList<>();
    if (builtin) {
      locations.add("built-in pack");
    }
    locations.addAll(ruleLocations);
    return new Loaded(engine, locations, List.copyOf(problems), version, context.toString());
  }

  private IdentityContext identityContext(List<String> problems) {
    KnownUserIds known = KnownUserIds.none();
    Path m = members;
    if (m != null) {
      try {
        known = MemberIdFile.read(m);
      } catch (RuntimeException e) {
        problems.add(m + ": " + e.getMessage() + " (haechi.detection.members)");
      }
    }
    var state = identity.current();
    if (state.isEmpty()) {
      return known.size() == 0
          ? IdentityContext.empty()
          : IdentityContext.builder().userIds(known).build();
    }
    var l = state.get();
    return LeaverGuardIdentity.fromSnapshot(l.snapshot(), l.result(), known, l.asOf(), Map.of());
  }

  /**
   * Evaluates a batch of JSON Lines in order. Lines that are not JSON objects or are over the size
   * limit are counted and reported with their line numbers; the rest of the batch goes on.
   *
   * @throws EngineBusyException when the engine stayed busy for the whole wait
   */
  public IngestResult ingest(String actor, String source, BufferedReader lines) throws IOException {
    return ingest(actor, source, lines, () -> {});
  }

  /**
   * As {@link #ingest(String, String, BufferedReader)}, running {@code first} once the engine is
   * held and before any line is evaluated: the access-event store commits the same batch there, so
   * a batch refused as busy (429) is neither stored nor evaluated and the client's resend is not
   * stored twice. When {@code first} throws, nothing is evaluated.
   */
  public IngestResult ingest(String actor, String source, BufferedReader lines, IoAction first)
      throws IOException {
    DetectionEngine engine = loaded().engine();
    try {
      if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        throw new EngineBusyException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineBusyException();
    }
    Tally tally = new Tally(source);
    try {
      first.run();
      tally.evaluate(engine, lines, Long.MAX_VALUE);
    } finally {
      lock.unlock();
    }
    return tally.finish();
  }

  /**
   * Replays a JSON Lines file through the engine (the demo's gateway events), in chunks so that
   * batches from the API interleave; reports progress every chunk.
   */
  public IngestResult replay(String actor, Path file, java.util.function.LongConsumer progress)
      throws IOException {
    DetectionEngine engine = loaded().engine();
    Tally tally = new Tally(file.getFileName().toString());
    try (BufferedReader in =
        Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      boolean more = true;
      while (more) {
        lock.lock();
        try {
          more = tally.evaluate(engine, in, 20_000);
        } finally {
          lock.unlock();
        }
        progress.accept(tally.events);
      }
    }
    // end of the file: correlation windows judged at their close are judged now
    lock.lock();
    try {
      engine.flush(alert -> store(alert, tally.counts));
    } finally {
      lock.unlock();
    }
    IngestResult r = tally.finish();
    audit.append(
        actor,
        "detection.replay",
        "file:" + file.getFileName(),
        "events=" + r.events() + " rejected=" + r.rejected() + " alerts=" + r.alerts());
    return r;
  }

  /** What a batch or a replay has done so far; lines are numbered across calls. */
  private final class Tally {
    private final String source;
    private final List<String> rejections = new ArrayList<>();
    private final long[] counts = new long[2];
    private long lineNo;
    private long events;
    private long rejected;

    Tally(String source) {
      this.source = source;
    }

    /** Evaluates up to {@code max} lines; returns false once the input is exhausted. */
    boolean evaluate(DetectionEngine engine, BufferedReader in, long max) throws IOException {
      for (long i = 0; i < max; i++) {
        String line = in.readLine();
        if (line == null) {
          return false;
        }
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          engine.evaluate(line, alert -> store(alert, counts));
          events++;
        } catch (InputException e) {
          rejected++;
          if (rejections.size() < REPORTED_REJECTIONS) {
            rejections.add(source + ":" + lineNo + ": " + reasonOf(e.getMessage()));
          }
        }
      }
      return true;
    }

    IngestResult finish() {
      if (counts[1] > 0) {
        webhook.nudge();
      }
      return new IngestResult(events, rejected, rejections, counts[0], counts[1]);
    }
  }

  private void store(Alert a, long[] counts) {
    counts[0]++;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("alert", AlertJson.toNode(a));
    String principal = principal(a);
    String day =
        a.timestamp() == null || a.timestamp().length() < 10 ? "" : a.timestamp().substring(0, 10);
    String key = "detection:" + a.ruleId() + ":" + principal + ":" + day;
    String title = a.ruleTitle() + (principal.isEmpty() ? "" : " — " + principal);
    if (alerts.raise("detection", a.ruleId(), title, level(a.level()), key, details).isNew()) {
      counts[1]++;
    }
  }

  /** Who the alert is about: the correlation group, else the token key, user or source address. */
  static String principal(Alert a) {
    if (!a.group().isEmpty()) {
      return String.join(",", new java.util.TreeMap<>(a.group()).values());
    }
    JsonNode e = a.event();
    if (e == null) {
      return "";
    }
    for (String[] path :
        new String[][] {
          {"token", "kid"}, {"user", "id"}, {"user", "name"}, {"source", "ip"}, {"host", "name"}
        }) {
      JsonNode n = e.path(path[0]).path(path[1]);
      if (n.isValueNode() && !n.asString().isEmpty()) {
        return path[0] + "." + path[1] + "=" + n.asString();
      }
    }
    return "";
  }

  private static String level(String sigmaLevel) {
    return sigmaLevel == null ? "medium" : sigmaLevel;
  }

  private static String reasonOf(String message) {
    return message.startsWith("event: ") ? message.substring(7) : message;
  }

  /** Work done under the engine's lock before a batch is evaluated. */
  @FunctionalInterface
  public interface IoAction {
    void run() throws IOException;
  }

  /** The engine stayed busy for the whole wait: the client should retry the batch later. */
  public static final class EngineBusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EngineBusyException() {
      super("the detection engine is busy: retry the batch later");
    }
  }
}
