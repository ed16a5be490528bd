package dev.haechi.detection.engine;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldTable;
import java.util.List;

/** Placeholder: full scan. */
final class CandidateIndex implements RuleMatcher {
  private final FullScan scan;

  CandidateIndex(List<CompiledRule> rules, FieldTable fields) {
    this.scan = new FullScan(rules);
  }

  @Override
  public List<CompiledRule> matching(Event event) {
    return scan.matching(event);
  }
}
