package dev.haechi.flink;

import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.correlation.CorrelationEngine;
import dev.haechi.detection.correlation.CorrelationSettings;
import dev.haechi.detection.correlation.FieldSource;
import dev.haechi.detection.engine.CompileFailure;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.engine.RuleIds;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.identity.DisclosureBaseline;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.LoadReport;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A {@link RulesSpec} compiled on one parallel instance of the job, split the way the job runs it:
 * the detection engine (identity-aware, through its public API) without the correlation rules,
 * which matches each event and raises the detection rules' alerts; and the correlation rules, each
 * run per group in keyed state by {@link CorrelateFunction} with the engine's own {@link
 * CorrelationEngine}. Rules referenced by a correlation that does not ask for their own alerts
 * ({@code generate}) stay silent, as in the one-machine engine.
 */
public final class CompiledRules {
  /** Thrown when a rules update cannot be used; the reason names the files and problems. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    public Refused(String reason) {
      super(reason);
    }
  }

  private final RulesSpec spec;
  private final RuleSet ruleSet;
  private final List<ProcessingPipeline> pipelines;
  private final IdentityAwareEngine.Live live;
  private final List<String> failures;
  private final Set<String> silenced;
  private final Map<String, SigmaCorrelation> correlations = new LinkedHashMap<>();
  private final Map<String, CompiledRule> byAlertId = new HashMap<>();
  private final Map<String, List<SigmaCorrelation>> correlationsOf = new HashMap<>();
  private final Duration closeDelay;

  private CompiledRules(
      RulesSpec spec,
      RuleSet ruleSet,
      List<ProcessingPipeline> pipelines,
      IdentityAwareEngine.Live live,
      List<String> failures) {
    this.spec = spec;
    this.ruleSet = ruleSet;
    this.pipelines = pipelines;
    this.live = live;
    this.failures = failures;
    DetectionEngine engine = live.engine();
    Set<String> compiledRefs = new HashSet<>();
    for (CompiledRule r : engine.rules()) {
      byAlertId.putIfAbsent(RuleIds.of(r.rule()), r);
      if (r.rule().id() != null) {
        compiledRefs.add(r.rule().id());
      }
      if (r.rule().name() != null) {
        compiledRefs.add(r.rule().name());
      }
    }
    Duration longest = Duration.ZERO;
    List<SigmaCorrelation> runnable = new ArrayList<>();
    for (SigmaCorrelation c : ruleSet.correlations()) {
      if (!compiledRefs.containsAll(c.rules())) {
        failures.add(notRun(c, compiledRefs, ruleSet.correlations()));
        continue;
      }
      runnable.add(c);
      correlations.put(RuleIds.of(c), c);
      if (c.timespan() != null && c.timespan().compareTo(longest) > 0) {
        longest = c.timespan();
      }
      for (CompiledRule r : engine.rules()) {
        if ((r.rule().id() != null && c.rules().contains(r.rule().id()))
            || (r.rule().name() != null && c.rules().contains(r.rule().name()))) {
          correlationsOf.computeIfAbsent(RuleIds.of(r.rule()), k -> new ArrayList<>()).add(c);
        }
      }
    }
    this.silenced =
        CorrelationEngine.of(runnable, ruleSet.rules(), CorrelationSettings.DEFAULT)
            .silencedRuleIds();
    this.closeDelay = longest.plus(CorrelationSettings.DEFAULT.lateTolerance());
  }

  /**
   * Why correlation {@code c} is not run: it counts other correlations (the job runs correlations
   * of detection rules only; {@code haechi detect} runs the chain), or rules that did not load or
   * compile.
   */
  static String notRun(
      SigmaCorrelation c, Set<String> compiledRefs, List<SigmaCorrelation> correlations) {
    Set<String> correlationRefs = new HashSet<>();
    for (SigmaCorrelation other : correlations) {
      if (other.id() != null) {
        correlationRefs.add(other.id());
      }
      if (other.name() != null) {
        correlationRefs.add(other.name());
      }
    }
    List<String> ofCorrelations = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String ref : c.rules()) {
      if (compiledRefs.contains(ref)) {
        continue;
      }
      (correlationRefs.contains(ref) ? ofCorrelations : missing).add(ref);
    }
    String what = "correlation '" + c.title() + "' (" + RuleIds.of(c) + ")";
    StringBuilder why = new StringBuilder(c.origin().file() + ": " + what + " is not run: ");
    if (!ofCorrelations.isEmpty()) {
      why.append("it counts the alerts of correlation(s) ")
          .append(ofCorrelations)
          .append(
              ", and the Flink job does not run correlations of correlations (haechi detect"
                  + " on one machine does)");
    }
    if (!missing.isEmpty()) {
      why.append(ofCorrelations.isEmpty() ? "" : "; ")
          .append("it counts rule(s) that did not load or compile: ")
          .append(missing);
    }
    return why.append(". The other rules and correlations run.").toString();
  }

  /**
   * Compiles {@code spec}. With {@code strict} (a rules update) any rule that fails to load or
   * compile refuses the whole update, with every reason; otherwise (the job's first rules, like
   * {@code haechi detect}) such rules are reported in {@link #failures()} and the others run.
   */
  public static CompiledRules compile(RulesSpec spec, boolean strict) throws Refused {
    RuleSet set = load(spec);
    List<String> failures = new ArrayList<>();
    set.report().failures().forEach(f -> failures.add(f.toString()));
    List<ProcessingPipeline> pipelines;
    IdentityContext identity;
    try {
      pipelines = spec.pipelines.stream().map(PipelineLoader::resolve).toList();
      identity =
          spec.identityDir == null
              ? IdentityContext.empty()
              : LeaverGuardIdentity.fromDirectory(
                  Path.of(spec.identityDir),
                  spec.asOf != null ? LocalDate.parse(spec.asOf) : LocalDate.now(ZoneOffset.UTC),
                  Map.of());
    } catch (RuntimeException e) {
      throw new Refused(spec + ": " + e.getMessage());
    }
    RuleSet detection = new RuleSet(set.rules(), List.of(), set.filters(), set.report());
    IdentityAwareEngine.Live live =
        IdentityAwareEngine.live(
            detection,
            pipelines,
            identity,
            CorrelationSettings.DEFAULT,
            DisclosureBaseline.Settings.DEFAULT);
    for (CompileFailure f : live.engine().failures()) {
      failures.add(f.toString());
    }
    CompiledRules out = new CompiledRules(spec, set, pipelines, live, failures);
    if (strict && !out.failures.isEmpty()) {
      throw new Refused(String.join("; ", out.failures));
    }
    if (out.live.engine().rules().isEmpty()) {
      throw new Refused(spec + ": no rule compiled: nothing to detect with");
    }
    return out;
  }

  private static RuleSet load(RulesSpec spec) throws Refused {
    RuleSet set = new RuleSet(List.of(), List.of(), List.of(), new LoadReport(0, List.of()));
    try {
      if (!spec.rulePaths.isEmpty()) {
        set = RuleLoader.load(spec.rulePaths.stream().map(Path::of).toList());
      }
      for (int i = 0; i + 1 < spec.ruleTexts.size(); i += 2) {
        set =
            BuiltinRules.merge(
                set, RuleLoader.loadText(spec.ruleTexts.get(i), spec.ruleTexts.get(i + 1)));
      }
      if (spec.builtin) {
        set = BuiltinRules.merge(set, BuiltinRules.load());
      }
    } catch (RuntimeException e) {
      throw new Refused(e.getMessage());
    }
    return set;
  }

  public RulesSpec spec() {
    return spec;
  }

  /** The identity-aware engine of the detection rules (no correlations). */
  public DetectionEngine engine() {
    return live.engine();
  }

  public IdentityAwareEngine.Live live() {
    return live;
  }

  public RuleSet ruleSet() {
    return ruleSet;
  }

  public List<ProcessingPipeline> pipelines() {
    return pipelines;
  }

  /** Rules and correlations that did not load or compile (as haechi detect reports them). */
  public List<String> failures() {
    return failures;
  }

  /** Detection rules in use plus correlations in use. */
  public int rulesInUse() {
    return live.engine().rules().size() + correlations.size();
  }

  /**
   * Whether the rule that raised {@code alertRuleId} raises no alert of its own (as the engine).
   */
  public boolean silenced(String alertRuleId) {
    CompiledRule r = byAlertId.get(alertRuleId);
    if (r == null || silenced.isEmpty()) {
      return false;
    }
    SigmaRule rule = r.rule();
    return silenced.contains(rule.id() != null ? rule.id() : String.valueOf(rule.name()));
  }

  public boolean hasCorrelations() {
    return !correlations.isEmpty();
  }

  /** The correlations that count matches of the rule that raised {@code alertRuleId}. */
  public List<SigmaCorrelation> correlationsOf(String alertRuleId) {
    return correlationsOf.getOrDefault(alertRuleId, List.of());
  }

  public SigmaCorrelation correlation(String id) {
    return correlations.get(id);
  }

  public CompiledRule rule(String alertRuleId) {
    return byAlertId.get(alertRuleId);
  }

  /** How long after a group's last occurrence every window it has is over (timespan + lateness). */
  public Duration closeDelay() {
    return closeDelay;
  }

  /** A correlation engine for {@code c} alone (the state of one key of the keyed stage). */
  public CorrelationEngine correlationEngine(SigmaCorrelation c) {
    return CorrelationEngine.of(List.of(c), ruleSet.rules(), CorrelationSettings.DEFAULT);
  }

  /** How {@code rule}'s fields are read in {@code event} (through its pipelines). */
  public static FieldSource fields(CompiledRule rule, JsonNode normalizedEvent) {
    return rule.fields(new Event(normalizedEvent, new FieldTable()));
  }

  /** The event field a correlation's group-by or condition name reads for {@code rule}. */
  public static String field(SigmaCorrelation c, String name, SigmaRule rule) {
    Map<String, String> alias = c.aliases().get(name);
    if (alias != null) {
      if (rule.name() != null && alias.containsKey(rule.name())) {
        return alias.get(rule.name());
      }
      if (rule.id() != null && alias.containsKey(rule.id())) {
        return alias.get(rule.id());
      }
    }
    return name;
  }
}
