package dev.haechi.detection.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one parsed YAML document into a detection rule, a correlation rule or a global filter,
 * whichever section ({@code detection}, {@code correlation}, {@code filter}) it carries.
 */
final class DocumentParser {
  private static final Pattern TIMESPAN = Pattern.compile("(\\d+)([smhdwMy])");
  private static final List<String> BOUNDS = List.of("gt", "gte", "lt", "lte", "eq", "neq");

  private DocumentParser() {}

  static Object parse(Object doc, RuleOrigin origin) {
    if (!(doc instanceof Map<?, ?> map)) {
      throw new RuleSyntaxException("document is not a YAML map");
    }
    if (map.containsKey("action")) {
      throw new RuleSyntaxException(
          "unsupported feature: 'action' (Sigma 1.0 rule collections); split into separate rules");
    }
    String title = string(map, "title");
    if (title == null) {
      throw new RuleSyntaxException("'title' is missing");
    }
    if (map.containsKey("correlation")) {
      return correlation(map, title, origin);
    }
    if (map.containsKey("filter")) {
      return filter(map, title, origin);
    }
    if (!map.containsKey("detection")) {
      throw new RuleSyntaxException("document has no 'detection', 'correlation' or 'filter'");
    }
    if (!map.containsKey("logsource")) {
      throw new RuleSyntaxException("'logsource' is missing");
    }
    return new SigmaRule(
        string(map, "id"),
        string(map, "name"),
        title,
        string(map, "status"),
        string(map, "level"),
        strings(map.get("tags"), "tags"),
        logsource(map.get("logsource")),
        DetectionParser.parse(map.get("detection"), "detection"),
        origin);
  }

  private static SigmaFilter filter(Map<?, ?> map, String title, RuleOrigin origin) {
    if (!(map.get("filter") instanceof Map<?, ?> f)) {
      throw new RuleSyntaxException("'filter' must be a map");
    }
    if (!f.containsKey("rules")) {
      throw new RuleSyntaxException(
          "'filter.rules' is missing (name the rules, or say 'any' for every rule of the log"
              + " source)");
    }
    // an empty list means every rule the log source covers, as 'any' (pySigma)
    List<String> rules = strings(f.get("rules"), "filter.rules");
    return new SigmaFilter(
        string(map, "id"),
        title,
        map.containsKey("logsource") ? logsource(map.get("logsource")) : LogSource.ANY,
        rules,
        DetectionParser.parse(f, "filter"),
        origin);
  }

  private static SigmaCorrelation correlation(Map<?, ?> map, String title, RuleOrigin origin) {
    if (!(map.get("correlation") instanceof Map<?, ?> c)) {
      throw new RuleSyntaxException("'correlation' must be a map");
    }
    String typeName = string(c, "type");
    CorrelationType type =
        CorrelationType.named(typeName == null ? "" : typeName)
            .orElseThrow(
                () -> new RuleSyntaxException("unsupported correlation type '" + typeName + "'"));
    List<String> rules = strings(c.get("rules"), "correlation.rules");
    if (rules.isEmpty()) {
      throw new RuleSyntaxException("'correlation.rules' is missing or empty");
    }
    List<String> groupBy = strings(c.get("group-by"), "correlation.group-by");
    Duration timespan = timespan(string(c, "timespan"));
    CorrelationCondition condition = condition(c.get("condition"), type);
    Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
    if (c.get("aliases") instanceof Map<?, ?> a) {
      for (Map.Entry<?, ?> e : a.entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?> perRule)) {
          throw new RuleSyntaxException("alias '" + e.getKey() + "' must map rule names to fields");
        }
        Map<String, String> m = new LinkedHashMap<>();
        perRule.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
        aliases.put(String.valueOf(e.getKey()), m);
      }
    } else if (c.get("aliases") != null) {
      throw new RuleSyntaxException("'correlation.aliases' must be a map");
    }
    Object generate = c.containsKey("generate") ? c.get("generate") : map.get("generate");
    return new SigmaCorrelation(
        string(map, "id"),
        string(map, "name"),
        title,
        string(map, "level"),
        strings(map.get("tags"), "tags"),
        type,
        rules,
        groupBy,
        timespan,
        condition,
        aliases,
        Boolean.TRUE.equals(generate),
        origin);
  }

  private static CorrelationCondition condition(Object raw, CorrelationType type) {
    if (raw == null) {
      if (type.isTemporal()) {
        return new CorrelationCondition(null, Map.of());
      }
      throw new RuleSyntaxException("'correlation.condition' is missing");
    }
    if (!(raw instanceof Map<?, ?> m)) {
      throw new RuleSyntaxException("'correlation.condition' must be a map");
    }
    List<String> fields = List.of();
    Integer percentile = null;
    Map<String, Double> bounds = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (k.equals("field")) {
        fields = strings(e.getValue(), "correlation.condition.field");
        if (fields.isEmpty()) {
          throw new RuleSyntaxException("'correlation.condition.field' is empty");
        }
      } else if (k.equals("percentile")) {
        // pySigma: condition.percentile, the percentile of the field's values the bound compares
        if (type != CorrelationType.VALUE_PERCENTILE) {
          throw new RuleSyntaxException(
              "'percentile' is only defined for value_percentile correlations");
        }
        if (!(e.getValue() instanceof Integer p) || p < 0 || p > 100) {
          throw new RuleSyntaxException(
              "correlation condition 'percentile' must be a whole number from 0 to 100");
        }
        percentile = (Integer) e.getValue();
      } else if (BOUNDS.contains(k)) {
        if (!(e.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
          throw new RuleSyntaxException("correlation condition '" + k + "' must be a number");
        }
        bounds.put(k, n.doubleValue());
      } else {
        throw new RuleSyntaxException("unsupported correlation condition operator '" + k + "'");
      }
    }
    if (bounds.isEmpty() && !type.isTemporal()) {
      throw new RuleSyntaxException("'correlation.condition' has no comparison");
    }
    if (type.needsField() && fields.isEmpty()) {
      throw new RuleSyntaxException(
          "correlation type " + type.name().toLowerCase() + " needs 'condition.field'");
    }
    if (fields.size() > 1 && type != CorrelationType.VALUE_COUNT) {
      // a sum, average or percentile over several fields has no defined meaning (a distinct count
      // of value combinations does)
      throw new RuleSyntaxException(
          "several fields in 'condition.field' are only defined for value_count, not "
              + type.name().toLowerCase());
    }
    return new CorrelationCondition(fields, bounds, percentile);
  }

  static Duration timespan(String s) {
    if (s == null) {
      throw new RuleSyntaxException("'correlation.timespan' is missing");
    }
    Matcher m = TIMESPAN.matcher(s.trim());
    if (!m.matches()) {
      throw new RuleSyntaxException(
          "timespan '" + s + "' is not a number followed by s, m, h or d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      case "M" -> Duration.ofDays(30 * n);
      default -> Duration.ofDays(365 * n);
    };
  }

  private static LogSource logsource(Object raw) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new RuleSyntaxException("'logsource' must be a map");
    }
    return new LogSource(string(m, "category"), string(m, "product"), string(m, "service"));
  }

  private static String string(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      throw new RuleSyntaxException("'" + key + "' must be a single value");
    }
    return String.valueOf(v);
  }

  private static List<String> strings(Object v, String what) {
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> || o instanceof List<?>) {
          throw new RuleSyntaxException("'" + what + "' must be a list of strings");
        }
        out.add(String.valueOf(o));
      }
    } else if (v instanceof Map<?, ?>) {
      throw new RuleSyntaxException("'" + what + "' must be a list of strings");
    } else {
      out.add(String.valueOf(v));
    }
    return out;
  }
}
