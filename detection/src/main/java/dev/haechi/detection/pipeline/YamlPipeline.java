package dev.haechi.detection.pipeline;

import dev.haechi.detection.rules.SigmaRule;
import java.util.ArrayList;
import java.util.List;

/** A processing pipeline read from pySigma's YAML format: its items, applied in order. */
public record YamlPipeline(String name, int priority, List<PipelineItem> items)
    implements ProcessingPipeline {
  public YamlPipeline {
    items = List.copyOf(items);
  }

  @Override
  public List<RuleVariant> apply(SigmaRule rule, RuleVariant variant) {
    List<RuleVariant> out = new ArrayList<>();
    RuleVariant v = variant;
    for (PipelineItem item : items) {
      if (item.appliesTo(v)) {
        v = item.transformation().apply(v);
      }
    }
    out.add(v);
    return out;
  }
}
