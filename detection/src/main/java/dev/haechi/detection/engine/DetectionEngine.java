package dev.haechi.detection.engine;

import dev.haechi.core.InputException;
import dev.haechi.detection.compiler.CompileException;
import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.compiler.FilterApplication;
import dev.haechi.detection.compiler.RuleCompiler;
import dev.haechi.detection.correlation.CorrelationEngine;
import dev.haechi.detection.correlation.CorrelationFired;
import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.EvtxDumpShape;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
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
  private final RuleMatcher fullScan;
  private final CorrelationEngine correlations;
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
    this.index = new CandidateIndex(this.rules, fields);
    this.fullScan = new FullScan(this.rules);
    this.correlations = correlations;
    this.runnableCorrelations = List.copyOf(runnableCorrelations);
    this.silenced = correlations.silencedRuleIds();
    this.maxEventChars = maxEventChars;
  }

  /** This engine's compiled rules with {@code state}'s correlation state (see below). */
  private DetectionEngine(DetectionEngine compiled, DetectionEngine state) {
    this.rules = compiled.rules;
    this.fields = compiled.fields;
    this.failures = compiled.failures;
    this.index = compiled.index;
    this.fullScan = compiled.fullScan;
    this.correlations = state.correlations;
    this.runnableCorrelations = state.runnableCorrelations;
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
    return index.matching(new Event(EvtxDumpShape.normalize(event), fields));
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
    JsonNode event = EvtxDumpShape.normalize(given);
    Event ev = new Event(event, fields);
    List<CompiledRule> matched = index.matching(ev);
    String time = null;
    for (CompiledRule r : matched) {
      SigmaRule rule = r.rule();
      if (silenced.isEmpty()
          || !silenced.contains(rule.id() != null ? rule.id() : String.valueOf(rule.name()))) {
        if (time == null) {
          time = EventTime.text(event);
        }
        sink.accept(
            new Alert(
                RuleIds.of(rule),
                rule.title(),
                rule.level(),
                time,
                rule.tags(),
                Map.of(),
                given,
                List.of()));
      }
    }
    if (!correlations.isEmpty() && !matched.isEmpty()) {
      List<CorrelationEngine.Match> matches = new ArrayList<>(matched.size());
      for (CompiledRule r : matched) {
        matches.add(new CorrelationEngine.Match(r.rule(), r.fields(ev), given));
      }
      List<CorrelationFired> fired;
      synchronized (correlations) {
        fired = correlations.accept(EventTime.instant(event), matches);
      }
      emit(fired, sink);
    }
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
      if (!correlations.isSilenced(f.rule())) {
        sink.accept(
            new Alert(
                RuleIds.of(f.rule()),
                f.rule().title(),
                f.rule().level(),
                f.time().toString(),
                f.rule().tags(),
                f.group(),
                null,
                f.events()));
      }
    }
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
    if (line.length() > maxEventChars) {
      throw new InputException(
          "event",
          0,
          "event of " + line.length() + " characters is over the limit of " + maxEventChars);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JacksonException e) {
      throw new InputException(
          "event", 0, "not JSON: " + dev.haechi.core.JsonErrors.plain(e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      throw new InputException("event", 0, "not a JSON object");
    }
    evaluate(node, sink);
  }
}
