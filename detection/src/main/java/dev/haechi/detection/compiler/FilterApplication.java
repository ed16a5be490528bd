package dev.haechi.detection.compiler;

import dev.haechi.detection.rules.Condition;
import dev.haechi.detection.rules.Detection;
import dev.haechi.detection.rules.LogSource;
import dev.haechi.detection.rules.Quantifiers;
import dev.haechi.detection.rules.SearchIdentifier;
import dev.haechi.detection.rules.SigmaFilter;
import dev.haechi.detection.rules.SigmaRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies Sigma global filters (filters specification v2.1) as pySigma does ({@code
 * sigma/filters.py}, {@code SigmaFilter.apply_on_rule}): a filter applies to a rule when the
 * filter's log source covers the rule's (every attribute the filter sets is equal in the rule) and
 * the rule is named in {@code rules} by id or name, or {@code rules} is {@code any} / {@code all}
 * (or an empty list); the rule's condition then becomes {@code (condition) and (filter condition)}.
 * The filter's condition is <em>not</em> negated: a filter suppressing administrators says {@code
 * condition: not selection}. Quantifiers are expanded first and the filter's identifiers renamed,
 * so {@code 1 of them} in either never reaches into the other.
 */
public final class FilterApplication {
  private FilterApplication() {}

  public static SigmaRule apply(SigmaRule rule, List<SigmaFilter> filters) {
    SigmaRule out = rule;
    int n = 0;
    for (SigmaFilter f : filters) {
      if (!appliesTo(f, rule)) {
        continue;
      }
      n++;
      Detection d = out.detection();
      Map<String, SearchIdentifier> ids = new LinkedHashMap<>(d.identifiers());
      Map<String, String> renamed = new LinkedHashMap<>();
      for (SearchIdentifier s : f.detection().identifiers().values()) {
        String name = "__filter" + n + "__" + s.name();
        renamed.put(s.name(), name);
        ids.put(name, new SearchIdentifier(name, s.alternatives()));
      }
      List<Condition> filterParts = new ArrayList<>();
      for (Condition c : f.detection().conditions()) {
        filterParts.add(rename(expand(c, f.detection().identifiers().keySet()), renamed));
      }
      Condition filterCondition =
          filterParts.size() == 1 ? filterParts.get(0) : new Condition.Or(filterParts);
      List<Condition> conditions = new ArrayList<>();
      for (Condition c : d.conditions()) {
        conditions.add(
            new Condition.And(List.of(expand(c, d.identifiers().keySet()), filterCondition)));
      }
      out = out.withDetection(new Detection(ids, conditions));
    }
    return out;
  }

  /** Whether {@code f} applies to {@code rule} (pySigma's {@code _should_apply_on_rule}). */
  public static boolean appliesTo(SigmaFilter f, SigmaRule rule) {
    if (!covers(f.logsource(), rule.logsource())) {
      return false;
    }
    if (f.appliesToAny()) {
      return true;
    }
    return (rule.id() != null && f.rules().contains(rule.id()))
        || (rule.name() != null && f.rules().contains(rule.name()));
  }

  /** Whether log source {@code outer} contains {@code inner}: each attribute it sets is equal. */
  static boolean covers(LogSource outer, LogSource inner) {
    return (outer.category() == null || outer.category().equals(inner.category()))
        && (outer.product() == null || outer.product().equals(inner.product()))
        && (outer.service() == null || outer.service().equals(inner.service()));
  }

  /** {@code c} with every quantifier replaced by the identifiers it covers. */
  static Condition expand(Condition c, Iterable<String> names) {
    if (c instanceof Condition.Quantified q) {
      List<Condition> refs = new ArrayList<>();
      for (String n : Quantifiers.matching(q.pattern(), names)) {
        refs.add(new Condition.Ref(n));
      }
      return q.all() ? new Condition.And(refs) : new Condition.Or(refs);
    }
    if (c instanceof Condition.And a) {
      return new Condition.And(a.operands().stream().map(o -> expand(o, names)).toList());
    }
    if (c instanceof Condition.Or o) {
      return new Condition.Or(o.operands().stream().map(x -> expand(x, names)).toList());
    }
    if (c instanceof Condition.Not n) {
      return new Condition.Not(expand(n.operand(), names));
    }
    return c;
  }

  private static Condition rename(Condition c, Map<String, String> names) {
    if (c instanceof Condition.Ref r) {
      return new Condition.Ref(names.getOrDefault(r.name(), r.name()));
    }
    if (c instanceof Condition.And a) {
      return new Condition.And(a.operands().stream().map(o -> rename(o, names)).toList());
    }
    if (c instanceof Condition.Or o) {
      return new Condition.Or(o.operands().stream().map(x -> rename(x, names)).toList());
    }
    if (c instanceof Condition.Not n) {
      return new Condition.Not(rename(n.operand(), names));
    }
    return c;
  }
}
