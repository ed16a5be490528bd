package dev.haechi.exercise.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One inject of a scenario.
 *
 * @param at offset from the scenario's start
 * @param technique ATT&CK technique ID (attack injects: given or the type's default), else null
 * @param with the type's parameters, checked and typed by the reader: strings, {@code Long}, {@code
 *     Double}, {@code Duration} and {@code List<String>}
 * @param path where it is in the document ({@code spec.injects[2]}), for messages
 * @param line its 1-based line in the document
 */
public record Inject(
    String id,
    Duration at,
    InjectType type,
    String technique,
    Map<String, Object> with,
    String path,
    int line) {

  public Inject {
    with = Map.copyOf(with);
  }

  public String string(String key) {
    Object v = with.get(key);
    return v == null ? null : v.toString();
  }

  public long number(String key, long dflt) {
    Object v = with.get(key);
    return v instanceof Number n ? n.longValue() : dflt;
  }

  public double fraction(String key, double dflt) {
    Object v = with.get(key);
    return v instanceof Number n ? n.doubleValue() : dflt;
  }

  public Duration duration(String key, Duration dflt) {
    Object v = with.get(key);
    return v instanceof Duration d ? d : dflt;
  }

  @SuppressWarnings("unchecked")
  public List<String> strings(String key, List<String> dflt) {
    Object v = with.get(key);
    return v instanceof List<?> l ? (List<String>) l : dflt;
  }
}
