package dev.haechi.detection.pipeline;

import dev.haechi.detection.rules.SigmaRule;
import java.util.List;

/**
 * Adapts rules to a log format before compilation (pySigma's processing pipelines): turns one
 * {@link RuleVariant} of a rule into the variants to evaluate. Pipelines run in ascending priority.
 */
public interface ProcessingPipeline {
  String name();

  int priority();

  List<RuleVariant> apply(SigmaRule rule, RuleVariant variant);
}
