package dev.haechi.detection.identity;

import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link DetectionEngine} that knows an {@link IdentityContext}: the identity
 * placeholders ({@link IdentityPlaceholders}) are added to the pipelines and the {@link
 * EnrichmentFields} become fields rules can test. Everything else is the plain engine; an engine
 * compiled with {@link IdentityContext#empty()} behaves like one compiled without identity, except
 * that the enrichment fields exist (mostly absent or {@code unknown}).
 *
 * <pre>{@code
 * IdentityContext ctx = LeaverGuardIdentity.fromDirectory(dir, asOf, Map.of());
 * RuleSet rules = BuiltinRules.load();
 * DetectionEngine engine = IdentityAwareEngine.compile(rules, List.of(), ctx);
 * engine.evaluate(jsonLine, alert -> ...);
 * }</pre>
 */
public final class IdentityAwareEngine {
  private IdentityAwareEngine() {}

  public static DetectionEngine compile(
      RuleSet rules, List<ProcessingPipeline> pipelines, IdentityContext context) {
    return compile(
        rules,
        pipelines,
        context,
        CorrelationSettings.DEFAULT,
        DisclosureBaseline.Settings.DEFAULT);
  }

  public static DetectionEngine compile(
      RuleSet rules,
      List<ProcessingPipeline> pipelines,
      IdentityContext context,
      CorrelationSettings correlation,
      DisclosureBaseline.Settings baseline) {
    List<ProcessingPipeline> all = new ArrayList<>(pipelines);
    all.add(new IdentityPlaceholders(context));
    IdentityEnrichment enrichment = new IdentityEnrichment(context, baseline);
    return DetectionEngine.compile(rules, all, correlation, enrichment.fields());
  }

  /** Compiles an engine whose identity context can change without losing state ({@link Live}). */
  public static Live live(
      RuleSet rules,
      List<ProcessingPipeline> pipelines,
      IdentityContext context,
      CorrelationSettings correlation,
      DisclosureBaseline.Settings baseline) {
    return Live.compile(
        rules, pipelines, context, correlation, new DisclosureBaseline(baseline), null);
  }

  /**
   * An identity-aware engine and the means to give it a new identity context (a new Leaver Guard
   * reconciliation) without losing what it has seen.
   *
   * <ul>
   *   <li>{@link #updateInPlace}: the enrichment fields read the new context from the next event
   *       on; the compiled rules, the correlation windows and the disclosure baselines stay. This
   *       is complete unless some rule uses an identity placeholder ({@code %terminated_users%} …
   *       with {@code |expand}) whose values changed: those values are compiled into the rules.
   *   <li>{@link #recompiled}: for that case, compiles a successor (expensive: call it off the
   *       ingest path) that shares this engine's disclosure baselines and, through {@link
   *       DetectionEngine#continuing}, its correlation state; the caller swaps it in atomically.
   * </ul>
   */
  public static final class Live {
    private final RuleSet rules;
    private final List<ProcessingPipeline> pipelines;
    private final CorrelationSettings correlation;
    private final DisclosureBaseline baseline;
    private final DetectionEngine engine;
    private final IdentityEnrichment enrichment;
    private final java.util.Set<String> placeholdersUsed;
    private volatile java.util.Map<String, List<String>> compiledPlaceholders;

    private Live(
        RuleSet rules,
        List<ProcessingPipeline> pipelines,
        CorrelationSettings correlation,
        DisclosureBaseline baseline,
        DetectionEngine engine,
        IdentityEnrichment enrichment,
        java.util.Map<String, List<String>> compiledPlaceholders) {
      this.rules = rules;
      this.pipelines = List.copyOf(pipelines);
      this.correlation = correlation;
      this.baseline = baseline;
      this.engine = engine;
      this.enrichment = enrichment;
      this.compiledPlaceholders = compiledPlaceholders;
      this.placeholdersUsed = placeholdersUsed(rules, compiledPlaceholders.keySet());
    }

    static Live compile(
        RuleSet rules,
        List<ProcessingPipeline> pipelines,
        IdentityContext context,
        CorrelationSettings correlation,
        DisclosureBaseline baseline,
        DetectionEngine previous) {
      IdentityPlaceholders placeholders = new IdentityPlaceholders(context);
      List<ProcessingPipeline> all = new ArrayList<>(pipelines);
      all.add(placeholders);
      IdentityEnrichment enrichment = new IdentityEnrichment(context, baseline);
      DetectionEngine engine =
          DetectionEngine.compile(rules, all, correlation, enrichment.fields())
              .continuing(previous);
      return new Live(
          rules, pipelines, correlation, baseline, engine, enrichment, placeholders.values());
    }

    public DetectionEngine engine() {
      return engine;
    }

    public IdentityContext context() {
      return enrichment.context();
    }

    public DisclosureBaseline baseline() {
      return baseline;
    }

    /** The identity placeholders some loaded rule uses (by name, without {@code %}). */
    public java.util.Set<String> placeholdersUsed() {
      return placeholdersUsed;
    }

    /**
     * Gives the engine {@code next} in place when that is complete: no rule uses a placeholder
     * whose values differ under {@code next}. Returns false (and changes nothing) otherwise; then
     * {@link #recompiled} is needed.
     */
    public boolean updateInPlace(IdentityContext next) {
      java.util.Map<String, List<String>> values = new IdentityPlaceholders(next).values();
      for (String used : placeholdersUsed) {
        if (!values.get(used).equals(compiledPlaceholders.get(used))) {
          return false;
        }
      }
      enrichment.update(next);
      compiledPlaceholders = values;
      return true;
    }

    /**
     * Gives the enrichment fields {@code next} without touching the placeholders compiled into
     * rules (while a successor compiles, the current engine's enrichment is already current).
     */
    public void updateEnrichment(IdentityContext next) {
      enrichment.update(next);
    }

    /**
     * A successor compiled for {@code next}, continuing this engine's correlation windows and
     * disclosure baselines. Expensive (the whole corpus); this engine stays usable meanwhile and
     * events it evaluates still reach the shared windows.
     */
    public Live recompiled(IdentityContext next) {
      return compile(rules, pipelines, next, correlation, baseline, engine);
    }

    private static java.util.Set<String> placeholdersUsed(
        RuleSet rules, java.util.Set<String> names) {
      java.util.Set<String> used = new java.util.TreeSet<>();
      for (dev.haechi.detection.rules.SigmaRule r : rules.rules()) {
        if (r.detection() == null) {
          continue;
        }
        for (var identifier : r.detection().identifiers().values()) {
          for (var alternative : identifier.alternatives()) {
            for (var condition : alternative) {
              if (!condition.modifiers().contains(dev.haechi.detection.rules.Modifier.EXPAND)) {
                continue;
              }
              for (Object v : condition.values()) {
                for (String name : names) {
                  if (v != null && v.toString().contains("%" + name + "%")) {
                    used.add(name);
                  }
                }
              }
            }
          }
        }
      }
      return java.util.Set.copyOf(used);
    }
  }
}
