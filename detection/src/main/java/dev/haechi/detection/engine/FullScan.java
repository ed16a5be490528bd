package dev.haechi.detection.engine;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.event.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference evaluator: every rule, every event. Slow and obviously right; the {@link
 * CandidateIndex} must always agree with it (see the randomised agreement test).
 */
public record FullScan(List<CompiledRule> rules) implements RuleMatcher {
  @Override
  public List<CompiledRule> matching(Event event) {
    List<CompiledRule> out = new ArrayList<>();
    for (CompiledRule r : rules) {
      if (r.matches(event)) {
        out.add(r);
      }
    }
    return out;
  }
}
