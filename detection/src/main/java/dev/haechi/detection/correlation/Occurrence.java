package dev.haechi.detection.correlation;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One match counted by a correlation: when (event time), which referenced rule (its position in
 * {@code correlation.rules}), the values of the condition field(s) (empty if none) and the event.
 */
record Occurrence(Instant time, int ruleIndex, List<String> values, JsonNode event) {}
