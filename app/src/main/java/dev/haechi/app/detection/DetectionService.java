package dev.haechi.app.detection;

import dev.haechi.app.alerts.AlertStore;
import dev.haechi.app.alerts.WebhookDelivery;
import dev.haechi.app.audit.AuditLog;
import dev.haechi.app.identity.IdentityState;
import dev.haechi.detection.builtin.BuiltinRules;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Breach Watch in the server: one compiled engine (the built-in pack unless {@code
 * haechi.detection.builtin=false}, the rule folders in {@code haechi.detection.rules}, the
 * pipelines in {@code haechi.detection.pipelines}, and Leaver Guard's latest state as its identity
 * context, with the existing user IDs of {@code haechi.detection.members}) that ingested batches
 * run through, one batch at a time, in order, so correlation windows see events as sent.
 * Back-pressure: a batch waits at most {@code haechi.detection.ingest-wait} (default 2 s) for the
 * engine and is otherwise refused whole ({@link EngineBusyException}, HTTP 429), never half-read.
 * Alerts go to the {@link AlertStore} through {@link DetectionAlerts}: one per rule, principal
 * (never the key id alone) and window, with repeats counted; an acknowledged or closed alert whose
 * activity goes on is opened again; an alert that cannot be stored is logged and counted without
 * stopping the batch.
 */
@Component
public class DetectionService implements org.springframework.beans.factory.DisposableBean {
  static final int REPORTED_REJECTIONS = 20;

  private final AlertStore alerts;
  private final DetectionAlerts writer;
  private final WebhookDelivery webhook;
  private final AuditLog audit;
  private final IdentityState identity;
  private final boolean builtin;
  private volatile Path members;
  private final List<String> ruleLocations;
  private final List<String> pipelineNames;
  private final long waitMillis;
  private final long firstCompileWaitMillis;
  private final ReentrantLock lock = new ReentrantLock(true);
  private volatile Loaded loaded;

  /** Recent events, replayed at start so correlation windows survive a restart. */
  private final DetectionJournal journal;

  private final org.springframework.transaction.support.TransactionTemplate tx;

  /** {@code haechi.detection.restore-span}; null: the longest correlation timespan and lateness. */
  private final java.time.Duration restoreSpanSetting;

  /** Threads judging a batch ({@code haechi.detection.threads}, 0: every core). */
  private final int threads;

  /** Their pool, shared by all batches (null with one thread). */
  private final java.util.concurrent.ExecutorService pool;

  /**
   * A transactional batch failed after the engine had evaluated (some of) it: the engine's windows
   * hold events whose alerts were rolled back, and the batch will come again. The next batch first
   * replaces the engine by a fresh one restored from the journal.
   */
  private volatile boolean dirty;

  /** Events replayed from the journal into the engine (at start, or after a failed batch). */
  private final java.util.concurrent.atomic.AtomicLong restored =
      new java.util.concurrent.atomic.AtomicLong();

  /** The engine's identity handle; replaced only together with {@link #loaded}, under the lock. */
  private volatile IdentityAwareEngine.Live live;

  /** Rule loading and compile problems of the corpus (not of the identity context). */
  private volatile List<String> corpusProblems = List.of();

  /** Bumped by {@link #useMembers}: the identity context is stale too. */
  private final java.util.concurrent.atomic.AtomicLong membersVersion =
      new java.util.concurrent.atomic.AtomicLong();

  /** Compiles and identity refreshes, off the ingest path; one at a time. */
  private final java.util.concurrent.ExecutorService background =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "detection-engine-refresh");
            t.setDaemon(true);
            return t;
          });

  /** Held while compiling or refreshing (long); never by the ingest path. */
  private final Object compiling = new Object();

  private java.util.concurrent.Future<?> firstCompile;
  private java.util.concurrent.Future<?> refreshing;
  private final java.util.concurrent.atomic.AtomicLong inPlaceUpdates =
      new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong recompiles =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * The engine and what went into it.
   *
   * @param identityVersion the {@link IdentityState#version()} its identity context was built from
   * @param identity a one-line description of that context
   * @param membersVersion the member file version (see {@link #useMembers}) of that context
   * @param correlations the correlation rules loaded (the inventory lists them beside the rules)
   */
  public record Loaded(
      DetectionEngine engine,
      List<String> locations,
      List<String> problems,
      long identityVersion,
      String identity,
      long membersVersion,
      List<dev.haechi.detection.rules.SigmaCorrelation> correlations) {
    public Loaded(
        DetectionEngine engine,
        List<String> locations,
        List<String> problems,
        long identityVersion,
        String identity) {
      this(engine, locations, problems, identityVersion, identity, 0, List.of());
    }

    public Loaded(
        DetectionEngine engine,
        List<String> locations,
        List<String> problems,
        long identityVersion,
        String identity,
        long membersVersion) {
      this(engine, locations, problems, identityVersion, identity, membersVersion, List.of());
    }
  }

  public DetectionService(
      AlertStore alerts,
      WebhookDelivery webhook,
      AuditLog audit,
      IdentityState identity,
      @Value("${haechi.detection.builtin:true}") boolean builtin,
      @Value("${haechi.detection.members:}") String members,
      @Value("${haechi.detection.rules:}") List<String> ruleLocations,
      @Value("${haechi.detection.pipelines:}") List<String> pipelineNames,
      @Value("${haechi.detection.ingest-wait:2s}") java.time.Duration wait,
      @Value("${haechi.detection.first-compile-wait:10s}") java.time.Duration firstCompileWait,
      org.springframework.jdbc.core.JdbcTemplate jdbc,
      org.springframework.transaction.PlatformTransactionManager transactions,
      @Value("${haechi.detection.threads:0}") int threads,
      @Value("${haechi.detection.restore-span:auto}") String restoreSpan) {
    this.alerts = alerts;
    this.journal = new DetectionJournal(jdbc);
    this.tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
    if (threads < 0) {
      throw new IllegalArgumentException(
          "haechi.detection.threads: 0 (every core) or more, not " + threads);
    }
    this.threads = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    this.pool =
        this.threads == 1
            ? null
            : java.util.concurrent.Executors.newFixedThreadPool(
                this.threads,
                r -> {
                  Thread t = new Thread(r, "detection-ingest-worker");
                  t.setDaemon(true);
                  return t;
                });
    this.restoreSpanSetting =
        restoreSpan == null || restoreSpan.isBlank() || restoreSpan.equals("auto")
            ? null
            : org.springframework.boot.convert.DurationStyle.detectAndParse(restoreSpan);
    this.writer = new DetectionAlerts(alerts::raise);
    this.webhook = webhook;
    this.audit = audit;
    this.identity = identity;
    this.builtin = builtin;
    this.members = members.isBlank() ? null : Path.of(members);
    this.ruleLocations = ruleLocations.stream().filter(s -> !s.isBlank()).toList();
    this.pipelineNames = pipelineNames.stream().filter(s -> !s.isBlank()).toList();
    this.waitMillis = wait.toMillis();
    this.firstCompileWaitMillis = Math.max(waitMillis, firstCompileWait.toMillis());
  }

  /**
   * The engine, compiled on first use (the caller waits). After Leaver Guard's state changed (a new
   * reconciliation) or the member file did, the identity context is refreshed in the background
   * without recompiling ({@link IdentityAwareEngine.Live#updateInPlace}): correlation windows and
   * disclosure baselines survive. Only when a loaded rule uses an identity placeholder whose values
   * changed is the corpus recompiled, in the background, and the successor — which continues the
   * windows and baselines — swapped in atomically between batches. Until then the current engine
   * serves, with its enrichment already on the new context.
   */
  public Loaded loaded() {
    Loaded l = loaded;
    if (l == null) {
      synchronized (compiling) {
        if (loaded == null) {
          Compiled c = compile();
          restore(c);
          install(c);
        }
        l = loaded;
      }
    } else if (stale(l)) {
      scheduleRefresh();
    }
    return l;
  }

  /** As {@link #loaded()}, but first applies a pending identity change (for background jobs). */
  Loaded current() {
    Loaded l = loaded();
    if (stale(l)) {
      refresh();
    }
    return loaded;
  }

  /**
   * How long evaluated events are kept in the journal and replayed at start: {@code
   * haechi.detection.restore-span}, by default the longest correlation timespan plus the
   * correlations' late tolerance (none without correlations; the disclosure baseline's 25 hours are
   * restored only when the span is set that long).
   */
  public java.time.Duration restoreSpan() {
    return restoreSpan(loaded());
  }

  private java.time.Duration restoreSpan(Loaded l) {
    if (restoreSpanSetting != null) {
      return restoreSpanSetting;
    }
    java.time.Duration longest = java.time.Duration.ZERO;
    for (dev.haechi.detection.rules.SigmaCorrelation c : l.correlations()) {
      if (c.timespan() != null && c.timespan().compareTo(longest) > 0) {
        longest = c.timespan();
      }
    }
    return longest.isZero()
        ? longest
        : longest.plus(
            dev.haechi.detection.correlation.CorrelationSettings.DEFAULT.lateTolerance());
  }

  /** Replays the journal into a freshly compiled engine, its alerts dropped (stored before). */
  private void restore(Compiled c) {
    java.time.Duration span = restoreSpan(c.loaded());
    if (span.isZero() || span.isNegative()) {
      return;
    }
    DetectionEngine engine = c.loaded().engine();
    try (dev.haechi.detection.engine.ParallelDetection run =
        new dev.haechi.detection.engine.ParallelDetection(
            engine, pool, threads, alert -> {}, (line, e) -> {})) {
      long[] n = {0};
      long count =
          journal.replay(
              span,
              text -> {
                run.accept(++n[0], text);
              });
      run.finish();
      restored.addAndGet(count);
    }
  }

  /** Events replayed from the journal into the engine since the server started. */
  public long restoredEvents() {
    return restored.get();
  }

  /** A fresh engine restored from the journal, after a transactional batch failed. */
  private void resetIfDirty() {
    if (!dirty) {
      return;
    }
    synchronized (compiling) {
      if (dirty) {
        Compiled c = compile();
        restore(c);
        install(c);
        dirty = false;
      }
    }
  }

  /**
   * Why the engine would refuse this line (not a JSON object, too large), or null: the stateless
   * check of a batch, without evaluating it (the Kafka ingest dead-letters records of a batch it
   * does not evaluate again).
   */
  public String rejection(String line) {
    var e = loaded().engine().prepare(line).error();
    return e == null ? null : reasonOf(e.getMessage());
  }

  /** How often the identity context was updated in place, and how often the corpus recompiled. */
  public long[] identityUpdates() {
    return new long[] {inPlaceUpdates.get(), recompiles.get()};
  }

  private boolean stale(Loaded l) {
    return l.identityVersion() != identity.version() || l.membersVersion() != membersVersion.get();
  }

  /**
   * The file of user IDs that exist (members.json or members.txt, see {@code MemberIdFile}), for
   * the "token for a user that does not exist" rule; takes effect with the next identity refresh
   * (in place, at the next batch; a replay applies it before starting).
   */
  public void useMembers(Path file) {
    this.members = file;
    membersVersion.incrementAndGet();
    if (loaded != null) {
      scheduleRefresh();
    }
  }

  private synchronized void scheduleRefresh() {
    if (refreshing == null || refreshing.isDone()) {
      refreshing = background.submit(this::refresh);
    }
  }

  /** Brings the engine's identity context up to date: in place, else by a background recompile. */
  private void refresh() {
    synchronized (compiling) {
      refreshLocked();
    }
  }

  private void refreshLocked() {
    Loaded l = loaded;
    IdentityAwareEngine.Live current = live;
    if (l == null || current == null || !stale(l)) {
      return;
    }
    long version = identity.version();
    long membersAt = membersVersion.get();
    List<String> problems = new ArrayList<>(corpusProblems);
    IdentityContext context = identityContext(problems);
    if (current.updateInPlace(context)) {
      inPlaceUpdates.incrementAndGet();
      swap(
          current,
          new Loaded(
              current.engine(),
              l.locations(),
              List.copyOf(problems),
              version,
              context.toString(),
              membersAt,
              l.correlations()));
      return;
    }
    // placeholders compiled into rules changed: a successor, compiled here (never on the ingest
    // path), continuing the windows; meanwhile the current engine serves, its enrichment fields
    // already on the new context
    current.updateEnrichment(context);
    IdentityAwareEngine.Live next = current.recompiled(context);
    recompiles.incrementAndGet();
    swap(
        next,
        new Loaded(
            next.engine(),
            l.locations(),
            List.copyOf(problems),
            version,
            context.toString(),
            membersAt,
            l.correlations()));
  }

  /** Replaces engine and description together, between batches. */
  private void swap(IdentityAwareEngine.Live nextLive, Loaded next) {
    lock.lock();
    try {
      live = nextLive;
      loaded = next;
    } finally {
      lock.unlock();
    }
  }

  private void install(Compiled c) {
    corpusProblems = c.corpusProblems();
    swap(c.live(), c.loaded());
  }

  /** A compiled corpus with its identity handle. */
  private record Compiled(
      IdentityAwareEngine.Live live, Loaded loaded, List<String> corpusProblems) {}

  private Compiled compile() {
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
    long membersAt = membersVersion.get();
    List<String> identityProblems = new ArrayList<>();
    IdentityContext context = identityContext(identityProblems);
    IdentityAwareEngine.Live compiled =
        IdentityAwareEngine.live(
            rules,
            pipelines,
            context,
            dev.haechi.detection.correlation.CorrelationSettings.DEFAULT,
            dev.haechi.detection.identity.DisclosureBaseline.Settings.DEFAULT);
    DetectionEngine engine = compiled.engine();
    for (CompileFailure f : engine.failures()) {
      problems.add(f.toString());
    }
    List<String> locations = new ArrayList<>();
    if (builtin) {
      locations.add("built-in pack");
    }
    locations.addAll(ruleLocations);
    List<String> all = new ArrayList<>(problems);
    all.addAll(identityProblems);
    return new Compiled(
        compiled,
        new Loaded(
            engine,
            locations,
            List.copyOf(all),
            version,
            context.toString(),
            membersAt,
            List.copyOf(rules.correlations())),
        List.copyOf(problems));
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
    return ingest(actor, source, lines, first, IngestListener.NONE);
  }

  /**
   * As {@link #ingest(String, String, BufferedReader, IoAction)}, telling {@code listener} about
   * every alert stored (or not) and every line rejected, all of them, not only the first {@link
   * #REPORTED_REJECTIONS} (the Kafka ingest publishes alerts and dead-letters records from it).
   */
  public IngestResult ingest(
      String actor, String source, BufferedReader lines, IoAction first, IngestListener listener)
      throws IOException {
    acquire();
    Tally tally = new Tally(source, listener);
    try {
      first.run();
      // read under the lock: an engine swap happens between batches, never inside one
      Loaded l = loaded;
      java.time.Duration span = restoreSpan(l);
      tally.journaling = !span.isZero();
      tally.evaluate(l.engine(), lines, Long.MAX_VALUE);
      if (tally.journaling && !tally.journal.isEmpty()) {
        try {
          journal.append(tally.journal, span);
        } catch (RuntimeException e) {
          // the batch is evaluated and its alerts stored: only a restart would miss its events
          org.slf4j.LoggerFactory.getLogger(DetectionService.class)
              .warn("detection: a batch was not journaled for restore: {}", e.toString());
        }
      }
    } finally {
      lock.unlock();
    }
    return tally.finish();
  }

  /**
   * The Kafka ingest's batch: {@code lines} evaluated, their alerts stored, the lines journaled and
   * {@code inside} run (the consumed offsets and the alerts to publish) in one database
   * transaction, so that a batch read again after a crash is either all in the stores or not at
   * all. When the transaction fails the engine's windows hold the batch's events although its
   * alerts were rolled back: the next batch first gets a fresh engine restored from the journal.
   *
   * @throws EngineBusyException when the engine stayed busy for the whole wait (nothing done)
   */
  public IngestResult ingestInTransaction(
      String actor, String source, List<String> lines, IngestListener listener, Runnable inside) {
    acquire();
    Tally tally = new Tally(source, listener);
    boolean done = false;
    try {
      Loaded l = loaded;
      java.time.Duration span = restoreSpan(l);
      tally.journaling = !span.isZero();
      tx.executeWithoutResult(
          status -> {
            try (BufferedReader in =
                new BufferedReader(new java.io.StringReader(String.join("\n", lines)))) {
              tally.evaluate(l.engine(), in, Long.MAX_VALUE);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            if (tally.counts.notStored > 0) {
              throw new IllegalStateException(
                  tally.counts.notStored + " alerts of the batch could not be stored");
            }
            if (tally.journaling && !tally.journal.isEmpty()) {
              journal.append(tally.journal, span);
            }
            inside.run();
          });
      done = true;
    } finally {
      if (!done) {
        dirty = true;
      }
      lock.unlock();
    }
    return tally.finish();
  }

  /** Waits for the engine (first compile, a reset) and takes its lock, or refuses as busy. */
  private void acquire() {
    if (loaded == null) {
      awaitFirstCompile(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(firstCompileWaitMillis));
    } else if (stale(loaded)) {
      scheduleRefresh();
    }
    resetIfDirty();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
    try {
      long left = deadline - System.nanoTime();
      if (!lock.tryLock(Math.max(0, left), TimeUnit.NANOSECONDS)) {
        throw new EngineBusyException();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineBusyException();
    }
  }

  /** Starts compiling at server start, so that the first batch rarely has to wait. */
  @org.springframework.context.event.EventListener(
      org.springframework.boot.context.event.ApplicationReadyEvent.class)
  public void warmUp() {
    startFirstCompile();
  }

  private synchronized java.util.concurrent.Future<?> startFirstCompile() {
    if (firstCompile == null) {
      firstCompile = background.submit(this::loaded);
    }
    return firstCompile;
  }

  /**
   * The first compile runs in the background; a batch waits for it until {@code deadline}, then is
   * refused (429) rather than hanging while the corpus compiles.
   */
  private void awaitFirstCompile(long deadline) {
    java.util.concurrent.Future<?> f = startFirstCompile();
    try {
      f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new EngineBusyException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineBusyException();
    } catch (java.util.concurrent.ExecutionException e) {
      synchronized (this) {
        firstCompile = null; // let the next batch try again
      }
      throw new IllegalStateException("the detection engine failed to compile", e.getCause());
    }
  }

  /**
   * Replays a JSON Lines file through the engine (the demo's gateway events), in chunks so that
   * batches from the API interleave; reports progress every chunk.
   */
  public IngestResult replay(String actor, Path file, java.util.function.LongConsumer progress)
      throws IOException {
    current();
    Tally tally = new Tally(file.getFileName().toString(), IngestListener.NONE);
    try (BufferedReader in =
        Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      boolean more = true;
      while (more) {
        lock.lock();
        try {
          more = tally.evaluate(loaded.engine(), in, 20_000);
        } finally {
          lock.unlock();
        }
        progress.accept(tally.events);
      }
    }
    // end of the file: correlation windows judged at their close are judged now
    lock.lock();
    try {
      loaded.engine().flush(alert -> writer.store(alert, tally.counts));
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
    private final IngestListener listener;
    private final List<String> rejections = new ArrayList<>();
    private final DetectionAlerts.Counts counts = new DetectionAlerts.Counts();
    private long lineNo;
    private long events;
    private long rejected;

    /** Whether the evaluated lines are kept for {@link #journal}. */
    boolean journaling;

    /** The lines evaluated (not rejected), in order, when journaling. */
    final List<String> journal = new ArrayList<>();

    Tally(String source, IngestListener listener) {
      this.source = source;
      this.listener = listener;
    }

    /**
     * Evaluates up to {@code max} lines; returns false once the input is exhausted. On {@link
     * #threads} threads (the stateless rules), completed in input order on this one ({@link
     * dev.haechi.detection.engine.ParallelDetection}): the same alerts in the same order as one
     * thread.
     */
    boolean evaluate(DetectionEngine engine, BufferedReader in, long max) throws IOException {
      java.util.Map<Long, String> pending = journaling ? new java.util.HashMap<>() : null;
      try (dev.haechi.detection.engine.ParallelDetection run =
          new dev.haechi.detection.engine.ParallelDetection(
              engine,
              pool,
              threads,
              alert -> writer.store(alert, counts, listener),
              (line, e) -> {
                rejected++;
                if (pending != null) {
                  pending.remove(line);
                }
                listener.rejected(line, reasonOf(e.getMessage()));
                if (rejections.size() < REPORTED_REJECTIONS) {
                  rejections.add(source + ":" + line + ": " + reasonOf(e.getMessage()));
                }
              })) {
        long before = run.evaluated();
        List<Long> order = journaling ? new ArrayList<>() : null;
        boolean more = true;
        for (long i = 0; i < max; i++) {
          String line = in.readLine();
          if (line == null) {
            more = false;
            break;
          }
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          if (pending != null) {
            pending.put(lineNo, line);
            order.add(lineNo);
          }
          run.accept(lineNo, line);
        }
        run.finish();
        events += run.evaluated() - before;
        if (pending != null) {
          for (Long n : order) {
            String l = pending.get(n);
            if (l != null) {
              journal.add(l);
            }
          }
        }
        return more;
      }
    }

    IngestResult finish() {
      if (counts.isNew + counts.reopened > 0) {
        webhook.nudge();
      }
      return new IngestResult(
          events,
          rejected,
          rejections,
          counts.raised,
          counts.isNew,
          counts.reopened,
          counts.notStored);
    }
  }

  private static String reasonOf(String message) {
    return message.startsWith("event: ") ? message.substring(7) : message;
  }

  @Override
  public void destroy() {
    background.shutdownNow();
    if (pool != null) {
      pool.shutdownNow();
    }
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
