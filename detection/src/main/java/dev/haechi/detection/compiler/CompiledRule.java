package dev.haechi.detection.compiler;

import dev.haechi.detection.correlation.CorrelationEngine;
import dev.haechi.detection.correlation.FieldSource;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.rules.SigmaRule;
import java.util.List;

/**
 * A rule compiled against the pipelines: one {@link CompiledVariant} per way the pipelines route
 * it; the rule matches an event when any variant does.
 */
public record CompiledRule(SigmaRule rule, List<CompiledVariant> variants) {
  public CompiledRule {
    variants = List.copyOf(variants);
  }

  /**
   * How this rule's fields are read in {@code e}, which it matched: through the first variant that
   * matches {@code e} (the pipelines' mappings of that variant), each mapped event field in turn
   * until one has a value.
   */
  public FieldSource fields(Event e) {
    CompiledVariant matched = variants.get(0);
    if (variants.size() > 1) {
      for (CompiledVariant v : variants) {
        if (v.matches(e)) {
          matched = v;
          break;
        }
      }
    }
    CompiledVariant v = matched;
    return name -> {
      for (FieldAccessor a : v.fields().apply(name)) {
        List<String> values = CorrelationEngine.values(a.find(e.root()));
        if (!values.isEmpty()) {
          return values;
        }
      }
      return List.of();
    };
  }

  public boolean matches(Event e) {
    for (CompiledVariant v : variants) {
      if (v.matches(e)) {
        return true;
      }
    }
    return false;
  }
}
