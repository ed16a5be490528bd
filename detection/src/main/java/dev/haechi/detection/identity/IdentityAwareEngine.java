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
}
