package dev.haechi.detection.correlation;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One match counted by a correlation: when (event time), which referenced rule (its position in
 * {@code correlation.rules}), the value of the condition field (or null) and the event.
 */
record Occurrence(Instant time, int ruleIndex, String value, JsonNode event) {}
