package dev.haechi.detection.engine;

import dev.haechi.core.InputException;
import dev.haechi.detection.compiler.CompileException;
import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.compiler.CompiledVariant;
import dev.haechi.detection.compiler.EventPredicate;
import dev.haechi.detection.compiler.FilterApplication;
import dev.haechi.detection.compiler.RuleCompiler;
import dev.haechi.detection.correlation.CorrelationEngine;
import dev.haechi.detection.correlation.CorrelationFired;
import dev.haechi.detection.correlation.CorrelationPartitions;
import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.correlation.FieldSource;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.EvtxDumpShape;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.event.SequentialField;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Sigma engine: rules compiled once (with filters and pipelines applied), then evaluated per
 * event through the {@link CandidateIndex}; matches raise alerts and feed correlation rules.
 * Detection is thread-safe; correlation state is shared and guarded, so events of one stream should
 * come from one thread to keep event order.
 */
public final class DetectionEngine {
  /**
   * Events larger than this (UTF-16 characters of a line) are rejected; FORMATS.md default 1 MB.
   */
  public static final int DEFAULT_MAX_EVENT_CHARS = 1 << 20;

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private final List<CompiledRule> rules;
  private final FieldTable fields;
  private final List<CompileFailure> failures;
  private final RuleMatcher index;

  /**
   * The rules that read a {@link SequentialField} (stream state): evaluated on the ordered stage,
   * after the others ({@link #complete}); null when no rule does.
   */
  private final RuleMatcher sequentialIndex;

  /** Position of each rule in {@link #rules}, to merge the two stages' matches in rule order. */
  private final java.util.IdentityHashMap<CompiledRule, Integer> position;

  /** The slots of the sequential fields, read ahead by {@link #prepare} (see {@link Event}). */
  private final int[] sequentialSlots;

  /**
   * By rule position: the rule fields the correlations read from its occurrences (read by {@link
   * #prepare}), or null when no correlation refers to the rule.
   */
  private final String[][] correlationFields;

  private final RuleMatcher fullScan;
  private final CorrelationEngine correlations;

  /**
   * Whether any correlation runs: what {@link #prepare} asks, on the workers, instead of the
   * correlation engine, whose fields the ordered stage writes on every event (the cache line would
   * bounce between the cores).
   */
  private final boolean correlating;

  private final List<SigmaCorrelation> runnableCorrelations;
  private final Set<String> silenced;
  private final int maxEventChars;

  private DetectionEngine(
      List<CompiledRule> rules,
      FieldTable fields,
      List<CompileFailure> failures,
      CorrelationEngine correlations,
      List<SigmaCorrelation> runnableCorrelations,
      int maxEventChars) {
    this.rules = List.copyOf(rules);
    this.fields = fields;
    this.failures = List.copyOf(failures);
    List<CompiledRule> stateless = new ArrayList<>();
    List<CompiledRule> sequential = new ArrayList<>();
    this.position = new java.util.IdentityHashMap<>();
    for (CompiledRule r : this.rules) {
      position.put(r, position.size());
      (readsSequential(r, fields) ? sequential : stateless).add(r);
    }
    this.index = new CandidateIndex(stateless, fields);
    this.sequentialIndex = sequential.isEmpty() ? null : new CandidateIndex(sequential, fields);
    this.sequentialSlots = sequential.isEmpty() ? new int[0] : fields.sequentialSlots();
    this.fullScan = new FullScan(this.rules);
    this.correlations = correlations;
    this.correlating = !correlations.isEmpty();
    this.runnableCorrelations = List.copyOf(runnableCorrelations);
    this.correlationFields = correlationFields(this.rules, this.runnableCorrelations);
    this.silenced = correlations.silencedRuleIds();
    this.maxEventChars = maxEventChars;
  }

  /** This engine's compiled rules with {@code state}'s correlation state (see below). */
  private DetectionEngine(DetectionEngine compiled, DetectionEngine state) {
    this.rules = compiled.rules;
    this.fields = compiled.fields;
    this.failures = compiled.failures;
    this.index = compiled.index;
    this.sequentialIndex = compiled.sequentialIndex;
    this.position = compiled.position;
    this.sequentialSlots = compiled.sequentialSlots;
    this.fullScan = compiled.fullScan;
    this.correlations = state.correlations;
    this.correlating = state.correlating;
    this.runnableCorrelations = state.runnableCorrelations;
    this.correlationFields = compiled.correlationFields;
    this.silenced = state.silenced;
    this.maxEventChars = compiled.maxEventChars;
  }

  /**
   * This engine, continuing the correlation windows of {@code previous} (an engine this one
   * replaces, for instance after identity placeholders changed): when both run the same correlation
   * rules, the returned engine shares {@code previous}'s correlation state — open windows,
   * watermark, counters — so nothing correlated so far is lost, and events either engine evaluates
   * meanwhile land in the same windows. Otherwise (the correlations differ) this engine itself is
   * returned, with fresh windows.
   */
  public DetectionEngine continuing(DetectionEngine previous) {
    if (previous == null
        || previous == this
        || !previous.runnableCorrelations.equals(runnableCorrelations)) {
      return this;
    }
    return new DetectionEngine(this, previous);
  }

  /** Whether {@link #continuing} keeps {@code previous}'s correlation windows. */
  public boolean sharesCorrelationStateWith(DetectionEngine other) {
    return other != null && other.correlations == correlations;
  }

  private static String[][] correlationFields(
      List<CompiledRule> rules, List<SigmaCorrelation> correlations) {
    String[][] out = new String[rules.size()][];
    if (correlations.isEmpty()) {
      return out;
    }
    for (int i = 0; i < rules.size(); i++) {
      SigmaRule r = rules.get(i).rule();
      List<String> read = CorrelationEngine.fieldsRead(correlations, r.id(), r.name());
      out[i] = read.isEmpty() ? null : read.toArray(new String[0]);
    }
    return out;
  }

  /** Whether some variant of {@code r} reads a {@link SequentialField}. */
  private static boolean readsSequential(CompiledRule r, FieldTable fields) {
    for (CompiledVariant v : r.variants()) {
      if (readsSequential(v.route(), fields) || readsSequential(v.detection(), fields)) {
        return true;
      }
    }
    return false;
  }

  private static boolean readsSequential(EventPredicate p, FieldTable fields) {
    if (p instanceof EventPredicate.And a) {
      for (EventPredicate o : a.operands()) {
        if (readsSequential(o, fields)) {
          return true;
        }
      }
      return false;
    }
    if (p instanceof EventPredicate.Or o) {
      for (EventPredicate x : o.operands()) {
        if (readsSequential(x, fields)) {
          return true;
        }
      }
      return false;
    }
    if (p instanceof EventPredicate.Not n) {
      return readsSequential(n.operand(), fields);
    }
    if (p instanceof EventPredicate.Field f) {
      return sequentialSlot(f.slot(), fields);
    }
    if (p instanceof EventPredicate.Exists e) {
      return sequentialSlot(e.slot(), fields);
    }
    if (p instanceof EventPredicate.FieldRef f) {
      if (sequentialSlot(f.slot(), fields)) {
        return true;
      }
      for (int ref : f.refSlots()) {
        if (sequentialSlot(ref, fields)) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  private static boolean sequentialSlot(int slot, FieldTable fields) {
    return slot >= 0 && fields.accessor(slot) instanceof SequentialField;
  }

  /**
   * Compiles {@code rules} through {@code pipelines}; rules that fail are in {@link #failures()}.
   */
  public static DetectionEngine compile(RuleSet rules, List<ProcessingPipeline> pipelines) {
    return compile(rules, pipelines, CorrelationSettings.DEFAULT);
  }

  /** As {@link #compile(RuleSet, List)}, with correlation bounds and late-event tolerance. */
  public static DetectionEngine compile(
      RuleSet rules, List<ProcessingPipeline> pipelines, CorrelationSettings settings) {
    return compile(rules, pipelines, settings, Map.of());
  }

  /**
   * As {@link #compile(RuleSet, List, CorrelationSettings)}, with fields computed per event by
   * {@code derivedFields} (by event field name) instead of read from the event; a derived field is
   * computed only for events some rule reads it on. Used by identity enrichment ({@code
   * dev.haechi.detection.identity.IdentityAwareEngine}).
   */
  public static DetectionEngine compile(
      RuleSet rules,
      List<ProcessingPipeline> pipelines,
      CorrelationSettings settings,
      Map<String, FieldAccessor> derivedFields) {
    FieldTable fields = new FieldTable(derivedFields);
    RuleCompiler compiler = new RuleCompiler(fields, pipelines);
    List<CompiledRule> compiled = new ArrayList<>();
    List<CompileFailure> failures = new ArrayList<>();
    for (SigmaRule r : rules.rules()) {
      try {
        compiled.add(compiler.compile(FilterApplication.apply(r, rules.filters())));
      } catch (CompileException e) {
        failures.add(
            new CompileFailure(
                r.origin().file(), r.origin().document(), r.id(), r.title(), e.getMessage()));
      }
    }
    List<SigmaCorrelation> runnable = runnable(rules.correlations(), compiled, failures);
    CorrelationEngine correlations = CorrelationEngine.of(runnable, rules.rules(), settings);
    return new DetectionEngine(
        compiled, fields, failures, correlations, runnable, DEFAULT_MAX_EVENT_CHARS);
  }

  /**
   * The correlations whose every referenced rule (or correlation) compiled; the others are reported
   * as failures rather than left to never fire.
   */
  private static List<SigmaCorrelation> runnable(
      List<SigmaCorrelation> all, List<CompiledRule> compiled, List<CompileFailure> failures) {
    Set<String> ok = new HashSet<>();
    for (CompiledRule r : compiled) {
      if (r.rule().id() != null) {
        ok.add(r.rule().id());
      }
      if (r.rule().name() != null) {
        ok.add(r.rule().name());
      }
    }
    List<SigmaCorrelation> remaining = new ArrayList<>(all);
    List<SigmaCorrelation> out = new ArrayList<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (var it = remaining.iterator(); it.hasNext(); ) {
        SigmaCorrelation c = it.next();
        if (ok.containsAll(c.rules())) {
          out.add(c);
          if (c.id() != null) {
            ok.add(c.id());
          }
          if (c.name() != null) {
            ok.add(c.name());
          }
          it.remove();
          progress = true;
        }
      }
    }
    for (SigmaCorrelation c : remaining) {
      List<String> missing = c.rules().stream().filter(r -> !ok.contains(r)).toList();
      failures.add(
          new CompileFailure(
              c.origin().file(),
              c.origin().document(),
              c.id(),
              c.title(),
              "correlation refers to rule(s) that did not compile: " + missing));
    }
    return out;
  }

  /** Correlation groups holding occurrences now (memory is bounded by these). */
  public int correlationGroups() {
    synchronized (correlations) {
      return correlations.groupCount();
    }
  }

  /** Occurrences dropped by correlations as later than the tolerance (judged per group). */
  public long lateEventsDropped() {
    synchronized (correlations) {
      return correlations.lateEventsDropped();
    }
  }

  public List<CompileFailure> failures() {
    return failures;
  }

  public List<CompiledRule> rules() {
    return rules;
  }

  /** The rules {@code event} matches, found through the candidate index. */
  public List<CompiledRule> match(JsonNode event) {
    Event ev = new Event(EvtxDumpShape.normalize(event), fields);
    return merge(index.matching(ev), ev);
  }

  /** {@code stateless} (in rule order) with the sequential rules {@code ev} matches, merged. */
  private List<CompiledRule> merge(List<CompiledRule> stateless, Event ev) {
    if (sequentialIndex == null) {
      return stateless;
    }
    List<CompiledRule> more = sequentialIndex.matching(ev);
    if (more.isEmpty()) {
      return stateless;
    }
    if (stateless.isEmpty()) {
      return more;
    }
    List<CompiledRule> out = new ArrayList<>(stateless.size() + more.size());
    int i = 0;
    int j = 0;
    while (i < stateless.size() || j < more.size()) {
      if (j == more.size()
          || (i < stateless.size() && position.get(stateless.get(i)) < position.get(more.get(j)))) {
        out.add(stateless.get(i++));
      } else {
        out.add(more.get(j++));
      }
    }
    return out;
  }

  /** The rules {@code event} matches, found by evaluating every rule (the reference). */
  public List<CompiledRule> matchFullScan(JsonNode event) {
    return fullScan.matching(new Event(EvtxDumpShape.normalize(event), fields));
  }

  /**
   * Evaluates one event, sending an alert per matching rule (and per firing correlation). An {@code
   * evtx_dump --separate-json-attributes} record is read as its default-shape twin ({@link
   * EvtxDumpShape}); alerts carry the event as given.
   */
  public void evaluate(JsonNode given, AlertSink sink) {
    complete(prepare(given), sink);
  }

  /**
   * One event read and judged by every rule that keeps no stream state ({@link #prepare}); {@link
   * #complete} finishes it. Prepared events may be made on any threads, in any order; completing
   * them in input order on one thread gives exactly the alerts (and order) of {@link #evaluate}.
   */
  public static final class Prepared {
    private final JsonNode given;
    private final JsonNode event;
    private final Event ev;
    private final List<CompiledRule> matched;

    /** By position in {@link #matched}: the fields correlations read, read ahead (or null). */
    private FieldSource[] sources;

    private final InputException error;
    private String time;
    private Instant instant;
    private boolean instantRead;

    private Prepared(
        JsonNode given, JsonNode event, Event ev, List<CompiledRule> matched, InputException e) {
      this.given = given;
      this.event = event;
      this.ev = ev;
      this.matched = matched;
      this.error = e;
    }

    /** The problem with the line (too large, not a JSON object), or null. */
    public InputException error() {
      return error;
    }
  }

  /**
   * The thread-safe part of {@link #evaluate(JsonNode, AlertSink)}: normalises {@code given} and
   * finds the stateless rules it matches (and, when some did, reads its time).
   */
  public Prepared prepare(JsonNode given) {
    JsonNode event = EvtxDumpShape.normalize(given);
    Event ev = new Event(event, fields);
    List<CompiledRule> matched = index.matching(ev);
    Prepared p = new Prepared(given, event, ev, matched, null);
    if (sequentialSlots.length > 0) {
      ev.readAhead(sequentialSlots);
    }
    if (!matched.isEmpty()) {
      p.time = EventTime.text(event);
      if (correlating) {
        p.instant = EventTime.instant(event);
        p.instantRead = true;
        for (int i = 0; i < matched.size(); i++) {
          CompiledRule r = matched.get(i);
          String[] names = correlationFields[position.get(r)];
          if (names != null) {
            if (p.sources == null) {
              p.sources = new FieldSource[matched.size()];
            }
            p.sources[i] = new PrefetchedFields(names, r.fields(ev));
          }
        }
      }
    }
    return p;
  }

  /**
   * The reference for {@link #prepare} and {@link #complete}: evaluates one JSON line in the order
   * of the first engine, nothing read ahead — the event time, the fields correlations read and the
   * sequential fields' inputs are read when the ordered stage needs them. Equal alerts are what the
   * agreement tests check. Throws {@link InputException} as {@link #evaluate(String, AlertSink)}.
   */
  public void evaluateWithoutReadAhead(String line, AlertSink sink) {
    JsonNode given = parse(line);
    JsonNode event = EvtxDumpShape.normalize(given);
    Event ev = new Event(event, fields);
    complete(new Prepared(given, event, ev, index.matching(ev), null), sink);
  }

  /**
   * As {@link #prepare(JsonNode)} for one JSON line; a line over the size limit or not a JSON
   * object gives a prepared event carrying the {@link InputException} that {@link #complete}
   * throws.
   */
  public Prepared prepare(String line) {
    try {
      return prepare(parse(line));
    } catch (InputException e) {
      return new Prepared(null, null, null, List.of(), e);
    }
  }

  /**
   * The ordered stage: evaluates the rules that read stream state, sends the alerts of every
   * matching rule in rule order, and feeds the correlations. Call in input order, from one thread
   * at a time. Throws the prepared event's {@link InputException}, if any.
   */
  public void complete(Prepared p, AlertSink sink) {
    if (p.error != null) {
      throw p.error;
    }
    List<CompiledRule> matched = merge(p.matched, p.ev);
    for (CompiledRule r : matched) {
      SigmaRule rule = r.rule();
      if (silenced.isEmpty()
          || !silenced.contains(rule.id() != null ? rule.id() : String.valueOf(rule.name()))) {
        if (p.time == null) {
          p.time = EventTime.text(p.event);
        }
        sink.accept(
            new Alert(
                RuleIds.of(rule),
                rule.title(),
                rule.level(),
                p.time,
                rule.tags(),
                Map.of(),
                p.given,
                List.of()));
      }
    }
    if (!correlations.isEmpty() && !matched.isEmpty()) {
      List<CorrelationEngine.Match> matches = new ArrayList<>(matched.size());
      for (CompiledRule r : matched) {
        matches.add(new CorrelationEngine.Match(r.rule(), fields(p, r), p.given));
      }
      if (!p.instantRead) {
        p.instant = EventTime.instant(p.event);
        p.instantRead = true;
      }
      List<CorrelationFired> fired;
      List<CorrelationPartitions.Deferred> deferred;
      synchronized (correlations) {
        fired = correlations.accept(p.instant, matches);
        deferred = correlations.deferred();
      }
      if (deferred == null) {
        emit(fired, sink);
      } else {
        emit(fired, deferred, sink);
      }
    }
  }

  /**
   * Where the ordered stage sends its alerts when correlation groups are counted on other threads:
   * an alert, or one that is known only once the batch's partitions have run ({@link
   * #completeBatch}); the receiver keeps them in order.
   */
  public interface OrderedOutput extends AlertSink {
    /** The alert {@code alert} gives once the batch has run (or none, when it gives null). */
    void later(java.util.function.Supplier<Alert> alert);
  }

  /**
   * Counts correlation groups in {@code n} partitions from now on, on other threads during {@link
   * #completeBatch} (see {@link CorrelationEngine#partition}): the alerts and their order do not
   * change.
   */
  public void partitionCorrelations(int n) {
    synchronized (correlations) {
      correlations.partition(n);
    }
  }

  /** Whether some correlation's groups are counted in partitions now. */
  boolean correlationsPartitioned() {
    synchronized (correlations) {
      return correlations.partitioned();
    }
  }

  /**
   * {@link #complete} of each of {@code prepared} in order ({@code rejected} told the index of each
   * one that carries an error instead), as one batch: the correlation groups counted in partitions
   * are counted on {@code executor}, and the returned future completes when they are; only then may
   * {@code out} resolve its {@link OrderedOutput#later} alerts. Batches of concurrent streams do
   * not interleave.
   */
  public java.util.concurrent.CompletableFuture<Void> completeBatch(
      Prepared[] prepared,
      OrderedOutput out,
      java.util.function.IntConsumer rejected,
      java.util.concurrent.Executor executor) {
    synchronized (correlations) {
      correlations.openBatch();
      try {
        for (int i = 0; i < prepared.length; i++) {
          if (prepared[i].error != null) {
            rejected.accept(i);
          } else {
            complete(prepared[i], out);
          }
        }
      } catch (RuntimeException e) {
        correlations.submitBatch(executor); // what was queued still runs, in its order
        throw e;
      }
      return correlations.submitBatch(executor);
    }
  }

  /** {@code fired} with the partitions' firings at their places. */
  private void emit(
      List<CorrelationFired> fired, List<CorrelationPartitions.Deferred> deferred, AlertSink sink) {
    int d = 0;
    for (int i = 0; i <= fired.size(); i++) {
      while (d < deferred.size() && deferred.get(d).position() == i) {
        CorrelationPartitions.Deferred one = deferred.get(d++);
        if (sink instanceof OrderedOutput out) {
          out.later(() -> one.result() == null ? null : alertOf(one.result()));
        } else if (one.result() != null) {
          // counted at once on this thread: not in a batch
          emit(List.of(one.result()), sink);
        }
      }
      if (i < fired.size()) {
        emit(List.of(fired.get(i)), sink);
      }
    }
  }

  /** How the correlations read {@code r}'s fields in {@code p}: read ahead when prepared so. */
  private static FieldSource fields(Prepared p, CompiledRule r) {
    if (p.sources != null) {
      for (int i = 0; i < p.matched.size(); i++) {
        if (p.matched.get(i) == r) {
          return p.sources[i] != null ? p.sources[i] : r.fields(p.ev);
        }
      }
    }
    return r.fields(p.ev);
  }

  /**
   * End of input: judges every correlation window still open (those judged at window close, see
   * {@link CorrelationEngine}) and sends their alerts. The engine stays usable.
   */
  public void flush(AlertSink sink) {
    if (correlations.isEmpty()) {
      return;
    }
    List<CorrelationFired> fired;
    synchronized (correlations) {
      fired = correlations.flush();
    }
    emit(fired, sink);
  }

  private void emit(List<CorrelationFired> fired, AlertSink sink) {
    for (CorrelationFired f : fired) {
      Alert a = alertOf(f);
      if (a != null) {
        sink.accept(a);
      }
    }
  }

  /** The alert of a firing, or null when the correlation's own alerts are silenced. */
  private Alert alertOf(CorrelationFired f) {
    if (correlations.isSilenced(f.rule())) {
      return null;
    }
    return new Alert(
        RuleIds.of(f.rule()),
        f.rule().title(),
        f.rule().level(),
        f.time().toString(),
        f.rule().tags(),
        f.group(),
        null,
        f.events());
  }

  /** Events not correlated because dated too far after the clock's now. */
  public long futureEventsDropped() {
    synchronized (correlations) {
      return correlations.futureEventsDropped();
    }
  }

  /** Events too far ahead of the stream's watermark to move it (see {@link CorrelationEngine}). */
  public long eventsAheadOfWatermark() {
    synchronized (correlations) {
      return correlations.eventsAheadOfWatermark();
    }
  }

  /** Non-numeric values skipped by value_sum / value_avg / value_percentile correlations. */
  public long nonNumericValuesSkipped() {
    synchronized (correlations) {
      return correlations.nonNumericValuesSkipped();
    }
  }

  /**
   * Parses and evaluates one JSON line. Throws {@link InputException} (source "event") when the
   * line is over the size limit or not a JSON object; the caller adds the line number.
   */
  public void evaluate(String line, AlertSink sink) {
    complete(prepare(line), sink);
  }

  private JsonNode parse(String line) {
    if (line.length() > maxEventChars) {
      throw new InputException(
          "event",
          0,
          "event of " + line.length() + " characters is over the limit of " + maxEventChars);
    }
    // the common case without Jackson's parser; anything unusual (or malformed) is Jackson's call
    JsonNode node = JsonTreeReader.readObject(line);
    if (node != null) {
      return node;
    }
    try {
      node = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new InputException(
          "event", 0, "not JSON: " + dev.haechi.core.JsonErrors.plain(e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new InputException("event", 0, "not a JSON object");
    }
    return node;
  }
}
