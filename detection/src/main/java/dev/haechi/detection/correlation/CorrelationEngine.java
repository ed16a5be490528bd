package dev.haechi.detection.correlation;

import dev.haechi.detection.engine.AlertSink;
import dev.haechi.detection.rules.SigmaCorrelation;
import dev.haechi.detection.rules.SigmaRule;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Placeholder. */
public final class CorrelationEngine {
  public static CorrelationEngine of(List<SigmaCorrelation> c, List<SigmaRule> r) {
    return new CorrelationEngine();
  }

  public boolean isEmpty() {
    return true;
  }

  public Set<String> silencedRuleIds() {
    return Set.of();
  }

  public void accept(JsonNode event, List<SigmaRule> matched, AlertSink sink) {}
}
