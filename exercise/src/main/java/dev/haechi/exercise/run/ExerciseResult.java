package dev.haechi.exercise.run;

import dev.haechi.exercise.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A scored run.
 *
 * @param score 0–100 (see {@link Scoring})
 * @param points per scored inject (attacks and failures, in scenario order) the points it earned,
 *     0..1 (see {@link Scoring}); {@link Scoring#explain} says the sum in words
 * @param techniques per ATT&CK technique, the best outcome of its injects, in technique order
 * @param backgroundEvents benign events generated
 * @param attackEvents events the attack injects made
 * @param alerts every alert raised; {@code falsePositives} of them on background events only
 * @param falsePositivesByRule those alerts per rule ({@code id title}), in that text's order
 * @param engineBuilds how often the detection engine was compiled (once, plus once per world
 *     change)
 * @param wallTime how long the run took
 * @param timeline what happened in simulated time, in order
 * @param notes what the run could not do or assumed, in words
 */
public record ExerciseResult(
    Scenario scenario,
    int score,
    Map<String, Double> points,
    List<InjectResult> injects,
    List<ExpectationResult> expectations,
    Map<String, Outcome> techniques,
    long backgroundEvents,
    long attackEvents,
    long alerts,
    long falsePositives,
    Map<String, Long> falsePositivesByRule,
    int engineBuilds,
    Duration wallTime,
    List<TimelineEntry> timeline,
    List<String> notes) {

  public ExerciseResult {
    points = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(points));
    injects = List.copyOf(injects);
    expectations = List.copyOf(expectations);
    // sorted copies: Map.copyOf iterates in an order that changes from one JVM to the next, and
    // the result JSON and the reports list these maps as they iterate
    techniques = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(techniques));
    falsePositivesByRule =
        java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(falsePositivesByRule));
    timeline = List.copyOf(timeline);
    notes = List.copyOf(notes);
  }

  /** The result of the inject with this id, or null. */
  public InjectResult inject(String id) {
    return injects.stream().filter(r -> r.inject().id().equals(id)).findFirst().orElse(null);
  }
}
