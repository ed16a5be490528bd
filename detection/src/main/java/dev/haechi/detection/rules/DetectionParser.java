package dev.haechi.detection.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code detection} (or a filter's {@code filter}) YAML map into a {@link Detection},
 * checking what Sigma v2.1 requires: known modifiers in legal combinations, scalar values, a
 * condition that names only defined search identifiers.
 */
final class DetectionParser {
  private static final Set<String> NON_IDENTIFIERS = Set.of("condition", "timeframe", "rules");

  private DetectionParser() {}

  static Detection parse(Object raw, String section) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new RuleSyntaxException("'" + section + "' must be a map");
    }
    Map<String, SearchIdentifier> ids = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (NON_IDENTIFIERS.contains(key)) {
        continue;
      }
      ids.put(key, identifier(key, e.getValue()));
    }
    Object cond = map.get("condition");
    if (cond == null) {
      throw new RuleSyntaxException("'" + section + "' has no 'condition'");
    }
    List<String> texts = new ArrayList<>();
    if (cond instanceof List<?> l) {
      for (Object o : l) {
        texts.add(String.valueOf(o));
      }
    } else if (cond instanceof String s) {
      texts.add(s);
    } else {
      throw new RuleSyntaxException("'condition' must be a string or a list of strings");
    }
    if (texts.isEmpty()) {
      throw new RuleSyntaxException("'condition' is empty");
    }
    List<Condition> conditions = new ArrayList<>();
    for (String t : texts) {
      Condition c = ConditionParser.parse(t);
      checkReferences(c, ids, t);
      conditions.add(c);
    }
    return new Detection(ids, conditions);
  }

  private static void checkReferences(Condition c, Map<String, SearchIdentifier> ids, String text) {
    if (c instanceof Condition.Ref r) {
      if (!ids.containsKey(r.name())) {
        throw new RuleSyntaxException(
            "condition '" + text + "' names undefined search identifier '" + r.name() + "'");
      }
    } else if (c instanceof Condition.And a) {
      a.operands().forEach(o -> checkReferences(o, ids, text));
    } else if (c instanceof Condition.Or o) {
      o.operands().forEach(x -> checkReferences(x, ids, text));
    } else if (c instanceof Condition.Not n) {
      checkReferences(n.operand(), ids, text);
    } else if (c instanceof Condition.Quantified q) {
      if (Quantifiers.matching(q.pattern(), ids.keySet()).isEmpty()) {
        throw new RuleSyntaxException(
            "condition '"
                + text
                + "': '"
                + (q.pattern() == null ? "them" : q.pattern())
                + "' matches no search identifier");
      }
    }
  }

  private static SearchIdentifier identifier(String name, Object value) {
    List<List<FieldCondition>> alternatives = new ArrayList<>();
    if (value instanceof Map<?, ?> m) {
      alternatives.add(conjunction(name, m));
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        throw new RuleSyntaxException("search identifier '" + name + "' is an empty list");
      }
      List<Object> keywords = new ArrayList<>();
      for (Object item : list) {
        if (item instanceof Map<?, ?> m) {
          alternatives.add(conjunction(name, m));
        } else if (item instanceof List<?>) {
          throw new RuleSyntaxException("search identifier '" + name + "' holds a nested list");
        } else {
          keywords.add(scalar(name, item));
        }
      }
      if (!keywords.isEmpty()) {
        alternatives.add(List.of(new FieldCondition(null, List.of(), keywords)));
      }
    } else if (value != null) {
      alternatives.add(List.of(new FieldCondition(null, List.of(), List.of(scalar(name, value)))));
    } else {
      throw new RuleSyntaxException("search identifier '" + name + "' is empty");
    }
    return new SearchIdentifier(name, alternatives);
  }

  private static List<FieldCondition> conjunction(String identifier, Map<?, ?> map) {
    List<FieldCondition> items = new ArrayList<>();
    if (map.isEmpty()) {
      throw new RuleSyntaxException("search identifier '" + identifier + "' is an empty map");
    }
    for (Map.Entry<?, ?> e : map.entrySet()) {
      items.add(item(identifier, String.valueOf(e.getKey()), e.getValue()));
    }
    return items;
  }

  private static FieldCondition item(String identifier, String key, Object value) {
    String[] parts = key.split("\\|", -1);
    String field = parts[0].isEmpty() ? null : parts[0];
    List<Modifier> modifiers = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String name = parts[i];
      Modifier m =
          Modifier.named(name)
              .orElseThrow(
                  () ->
                      new RuleSyntaxException(
                          "'" + identifier + "." + key + "': unsupported modifier '" + name + "'"));
      modifiers.add(m);
    }
    List<Object> values = new ArrayList<>();
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        throw new RuleSyntaxException("'" + identifier + "." + key + "' has an empty value list");
      }
      for (Object v : list) {
        values.add(scalar(identifier + "." + key, v));
      }
    } else {
      values.add(scalar(identifier + "." + key, value));
    }
    check(identifier + "." + key, modifiers, values);
    return new FieldCondition(field, modifiers, values);
  }

  private static Object scalar(String where, Object v) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float || v instanceof Double) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof java.math.BigInteger b) {
      return b.toString();
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant().toString().substring(0, 10);
    }
    throw new RuleSyntaxException("'" + where + "': value must be a scalar, found " + v);
  }

  private static void check(String where, List<Modifier> mods, List<Object> values) {
    Set<Modifier> set = mods.isEmpty() ? EnumSet.noneOf(Modifier.class) : EnumSet.copyOf(mods);
    if (set.size() != mods.size()) {
      throw new RuleSyntaxException("'" + where + "': a modifier is repeated");
    }
    boolean re = set.contains(Modifier.RE);
    for (Modifier flag : List.of(Modifier.I, Modifier.M, Modifier.S)) {
      if (set.contains(flag) && !re) {
        throw new RuleSyntaxException(
            "'" + where + "': modifier '" + flag.spelling() + "' is only allowed after 're'");
      }
    }
    for (int i = 0; i < mods.size(); i++) {
      if (mods.get(i).isEncoding()) {
        boolean followed =
            mods.subList(i + 1, mods.size()).contains(Modifier.BASE64)
                || mods.subList(i + 1, mods.size()).contains(Modifier.BASE64OFFSET);
        if (!followed) {
          throw new RuleSyntaxException(
              "'"
                  + where
                  + "': modifier '"
                  + mods.get(i).spelling()
                  + "' must be followed by 'base64' or 'base64offset'");
        }
      }
    }
    if (set.contains(Modifier.EXISTS)) {
      if (mods.size() != 1 || values.size() != 1 || !(values.get(0) instanceof Boolean)) {
        throw new RuleSyntaxException(
            "'" + where + "': 'exists' takes one boolean value and no other modifier");
      }
    }
    boolean numeric = set.stream().anyMatch(m -> m.isComparison() || m.isTimePart());
    if (numeric) {
      for (Object v : values) {
        if (!(v instanceof Number) && !(v instanceof String s && isNumber(s))) {
          throw new RuleSyntaxException(
              "'" + where + "': numeric modifier needs numeric values, found '" + v + "'");
        }
      }
    }
    long stringOps =
        set.stream()
            .filter(
                m -> m == Modifier.CONTAINS || m == Modifier.STARTSWITH || m == Modifier.ENDSWITH)
            .count();
    if (stringOps > 1) {
      throw new RuleSyntaxException(
          "'" + where + "': only one of contains, startswith, endswith may be given");
    }
    if (re && (stringOps > 0 || set.contains(Modifier.CIDR) || numeric)) {
      throw new RuleSyntaxException("'" + where + "': 're' cannot be combined with that modifier");
    }
    for (Object v : values) {
      if (v == null && !mods.isEmpty() && !(mods.size() == 1 && set.contains(Modifier.NEQ))) {
        throw new RuleSyntaxException("'" + where + "': null cannot take modifiers");
      }
    }
  }

  static boolean isNumber(String s) {
    try {
      Double.parseDouble(s.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
