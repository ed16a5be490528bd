package dev.haechi.detection.compiler;

import dev.haechi.detection.event.Event;
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

  public boolean matches(Event e) {
    for (CompiledVariant v : variants) {
      if (v.matches(e)) {
        return true;
      }
    }
    return false;
  }
}
