/**
 * Breach Watch detection engine: Sigma v2.1 in plain Java, cut into stages.
 *
 * <ul>
 *   <li>{@code rules}: YAML → rule model ({@code RuleLoader.load}); every failure named with file,
 *       document and reason.
 *   <li>{@code pipeline}: processing pipelines (pySigma YAML, built-ins {@code windows-evtx} and
 *       {@code ecs}) that turn a rule into the variants to evaluate.
 *   <li>{@code compiler}: rule variant → predicates and value matchers, compiled once; {@code
 *       Needs} derives what an event must contain for a rule to match.
 *   <li>{@code event}: lazy, slot-cached field access on JSON events (dotted paths, evtx_dump).
 *   <li>{@code engine}: {@code DetectionEngine} — candidate index (exact routing + per-field
 *       Aho–Corasick literal gates) with the full scan kept as reference twin; alerts.
 *   <li>{@code correlation}: correlation rules over the stream of matches, in event time.
 * </ul>
 */
package dev.haechi.detection;
