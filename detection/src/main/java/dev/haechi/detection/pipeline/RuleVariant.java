package dev.haechi.detection.pipeline;

import dev.haechi.detection.rules.FieldCondition;
import dev.haechi.detection.rules.LogSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way a rule is evaluated after processing pipelines: the (possibly rewritten) log source,
 * extra conditions ANDed to its detection, the field-name mappings to apply in order, placeholder
 * values, how fields are read from events, and a failure message if a pipeline rejects the rule. A
 * pipeline may turn one variant into several (e.g. {@code process_creation} is Sysmon 1 or Security
 * 4688); the rule matches when any variant matches.
 */
public record RuleVariant(
    LogSource logsource,
    List<FieldCondition> conditions,
    List<FieldNaming> fieldMappings,
    Map<String, List<String>> placeholders,
    boolean wildcardPlaceholders,
    FieldStyle fieldStyle,
    String failure) {

  /** How a rule's field names are looked up in events. */
  public enum FieldStyle {
    /** Dotted paths from the event root (ECS and other nested JSON). */
    DOTTED,
    /** Bare names resolved inside {@code evtx_dump}'s Event.System / Event.EventData. */
    EVTX
  }

  public RuleVariant {
    conditions = List.copyOf(conditions);
    fieldMappings = List.copyOf(fieldMappings);
    placeholders = Map.copyOf(placeholders);
  }

  public static RuleVariant of(LogSource logsource) {
    return new RuleVariant(
        logsource, List.of(), List.of(), Map.of(), false, FieldStyle.DOTTED, null);
  }

  public RuleVariant withLogsource(LogSource ls) {
    return new RuleVariant(
        ls, conditions, fieldMappings, placeholders, wildcardPlaceholders, fieldStyle, failure);
  }

  public RuleVariant withCondition(FieldCondition c) {
    List<FieldCondition> l = new ArrayList<>(conditions);
    l.add(c);
    return new RuleVariant(
        logsource, l, fieldMappings, placeholders, wildcardPlaceholders, fieldStyle, failure);
  }

  public RuleVariant withMapping(Map<String, List<String>> mapping) {
    Map<String, List<String>> copy = Map.copyOf(mapping);
    return withNaming(field -> copy.getOrDefault(field, List.of(field)));
  }

  public RuleVariant withNaming(FieldNaming naming) {
    List<FieldNaming> l = new ArrayList<>(fieldMappings);
    l.add(naming);
    return new RuleVariant(
        logsource, conditions, l, placeholders, wildcardPlaceholders, fieldStyle, failure);
  }

  public RuleVariant withPlaceholders(Map<String, List<String>> values) {
    Map<String, List<String>> m = new LinkedHashMap<>(placeholders);
    m.putAll(values);
    return new RuleVariant(
        logsource, conditions, fieldMappings, m, wildcardPlaceholders, fieldStyle, failure);
  }

  public RuleVariant withWildcardPlaceholders() {
    return new RuleVariant(
        logsource, conditions, fieldMappings, placeholders, true, fieldStyle, failure);
  }

  public RuleVariant withFieldStyle(FieldStyle style) {
    return new RuleVariant(
        logsource, conditions, fieldMappings, placeholders, wildcardPlaceholders, style, failure);
  }

  public RuleVariant withFailure(String message) {
    return new RuleVariant(
        logsource,
        conditions,
        fieldMappings,
        placeholders,
        wildcardPlaceholders,
        fieldStyle,
        message);
  }

  /** The event field names a rule field stands for, after every mapping in order. */
  public List<String> eventFields(String ruleField) {
    List<String> names = List.of(ruleField);
    for (FieldNaming naming : fieldMappings) {
      List<String> next = new ArrayList<>();
      for (String n : names) {
        next.addAll(naming.names(n));
      }
      names = next;
    }
    return names;
  }
}
