package dev.haechi.detection.compiler;

import dev.haechi.detection.event.DottedPath;
import dev.haechi.detection.event.EvtxField;
import dev.haechi.detection.event.FieldAccessor;
import dev.haechi.detection.event.FieldTable;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.pipeline.RuleVariant;
import dev.haechi.detection.rules.Condition;
import dev.haechi.detection.rules.FieldCondition;
import dev.haechi.detection.rules.Modifier;
import dev.haechi.detection.rules.Quantifiers;
import dev.haechi.detection.rules.SearchIdentifier;
import dev.haechi.detection.rules.SigmaRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compiles Sigma rules into {@link CompiledRule}s: pipelines turn each rule into variants, every
 * search identifier and value is compiled once into predicates and matchers, and every field read
 * gets a slot in the shared {@link FieldTable}. Throws {@link CompileException} with the reason
 * when a rule cannot be compiled. Not thread-safe while compiling (the field table grows).
 */
public final class RuleCompiler {
  private final FieldTable fields;
  private final List<ProcessingPipeline> pipelines;

  public RuleCompiler(FieldTable fields, List<ProcessingPipeline> pipelines) {
    this.fields = fields;
    this.pipelines =
        pipelines.stream().sorted(Comparator.comparingInt(ProcessingPipeline::priority)).toList();
  }

  public CompiledRule compile(SigmaRule rule) {
    List<RuleVariant> variants = List.of(RuleVariant.of(rule.logsource()));
    for (ProcessingPipeline p : pipelines) {
      List<RuleVariant> next = new ArrayList<>();
      for (RuleVariant v : variants) {
        next.addAll(p.apply(rule, v));
      }
      variants = next;
    }
    List<CompiledVariant> out = new ArrayList<>();
    for (RuleVariant v : variants) {
      if (v.failure() != null) {
        throw new CompileException("pipeline rejects the rule: " + v.failure());
      }
      out.add(compileVariant(rule, v));
    }
    return new CompiledRule(rule, out);
  }

  private CompiledVariant compileVariant(SigmaRule rule, RuleVariant v) {
    List<EventPredicate> route = new ArrayList<>();
    for (FieldCondition c : v.conditions()) {
      route.add(item(c, v));
    }
    List<EventPredicate> alternatives = new ArrayList<>();
    for (Condition c : rule.detection().conditions()) {
      alternatives.add(condition(c, rule, v));
    }
    // the accessors of a name are fixed once compiled: correlations read them on every match
    java.util.Map<String, List<FieldAccessor>> byName =
        new java.util.concurrent.ConcurrentHashMap<>();
    return new CompiledVariant(
        and(route),
        or(alternatives),
        name -> byName.computeIfAbsent(name, n -> List.copyOf(accessors(n, v))));
  }

  private EventPredicate condition(Condition c, SigmaRule rule, RuleVariant v) {
    if (c instanceof Condition.Ref r) {
      return identifier(rule.detection().identifiers().get(r.name()), v);
    }
    if (c instanceof Condition.And a) {
      return and(a.operands().stream().map(o -> condition(o, rule, v)).toList());
    }
    if (c instanceof Condition.Or o) {
      return or(o.operands().stream().map(x -> condition(x, rule, v)).toList());
    }
    if (c instanceof Condition.Not n) {
      return new EventPredicate.Not(condition(n.operand(), rule, v));
    }
    Condition.Quantified q = (Condition.Quantified) c;
    List<EventPredicate> parts = new ArrayList<>();
    for (String name : Quantifiers.matching(q.pattern(), rule.detection().identifiers().keySet())) {
      parts.add(identifier(rule.detection().identifiers().get(name), v));
    }
    return q.all() ? and(parts) : or(parts);
  }

  private EventPredicate identifier(SearchIdentifier s, RuleVariant v) {
    List<EventPredicate> alternatives = new ArrayList<>();
    for (List<FieldCondition> conj : s.alternatives()) {
      List<EventPredicate> items = new ArrayList<>();
      for (FieldCondition fc : conj) {
        items.add(item(fc, v));
      }
      alternatives.add(and(items));
    }
    return or(alternatives);
  }

  private EventPredicate item(FieldCondition fc, RuleVariant v) {
    if (fc.isKeyword()) {
      ValueMatchers.Compiled c = ValueMatchers.compile(fc, v, true);
      return new EventPredicate.Field("<keywords>", -1, c.matchers(), c.all(), c.negate());
    }
    List<EventPredicate> perField = new ArrayList<>();
    for (String name : v.eventFields(fc.field())) {
      int slot = slot(name, v);
      if (fc.has(Modifier.EXISTS)) {
        perField.add(new EventPredicate.Exists(name, slot, (Boolean) fc.values().get(0)));
      } else if (fc.has(Modifier.FIELDREF)) {
        perField.add(fieldref(fc, name, slot, v));
      } else {
        ValueMatchers.Compiled c = ValueMatchers.compile(fc, v, false);
        perField.add(new EventPredicate.Field(name, slot, c.matchers(), c.all(), c.negate()));
      }
    }
    // a field mapped to several event fields: a positive test holds on any of them, a negative
    // one (exists: false, neq) must hold on all of them
    boolean negative =
        fc.has(Modifier.NEQ)
            || (fc.has(Modifier.EXISTS) && Boolean.FALSE.equals(fc.values().get(0)));
    return negative ? and(perField) : or(perField);
  }

  private EventPredicate fieldref(FieldCondition fc, String name, int slot, RuleVariant v) {
    List<Integer> refs = new ArrayList<>();
    for (Object o : fc.values()) {
      if (!(o instanceof String ref)) {
        throw new CompileException(
            "'fieldref' on " + fc.field() + " needs field names, found " + o);
      }
      refs.add(slot(v.eventFields(ref).get(0), v));
    }
    StringMatcher.Kind kind =
        fc.has(Modifier.CONTAINS)
            ? StringMatcher.Kind.CONTAINS
            : fc.has(Modifier.STARTSWITH)
                ? StringMatcher.Kind.PREFIX
                : fc.has(Modifier.ENDSWITH) ? StringMatcher.Kind.SUFFIX : StringMatcher.Kind.EQUALS;
    for (Modifier m : fc.modifiers()) {
      if (!List.of(
              Modifier.FIELDREF,
              Modifier.CONTAINS,
              Modifier.STARTSWITH,
              Modifier.ENDSWITH,
              Modifier.CASED,
              Modifier.ALL,
              Modifier.NEQ)
          .contains(m)) {
        throw new CompileException("'fieldref' cannot be combined with '" + m.spelling() + "'");
      }
    }
    return new EventPredicate.FieldRef(
        name, slot, refs, kind, fc.has(Modifier.CASED), fc.has(Modifier.ALL), fc.has(Modifier.NEQ));
  }

  /**
   * How rule field {@code name} is read in variant {@code v}'s events: each event field it maps to
   * (derived fields included), in mapping order.
   */
  private List<FieldAccessor> accessors(String name, RuleVariant v) {
    List<FieldAccessor> out = new ArrayList<>();
    for (String eventField : v.eventFields(name)) {
      FieldAccessor derived = fields.derived(eventField);
      out.add(
          derived != null
              ? derived
              : v.fieldStyle() == RuleVariant.FieldStyle.EVTX
                  ? EvtxField.of(eventField)
                  : DottedPath.of(eventField));
    }
    return out;
  }

  private int slot(String eventField, RuleVariant v) {
    FieldAccessor derived = fields.derived(eventField);
    if (derived != null) {
      return fields.slot(derived);
    }
    return fields.slot(
        v.fieldStyle() == RuleVariant.FieldStyle.EVTX
            ? EvtxField.of(eventField)
            : DottedPath.of(eventField));
  }

  static EventPredicate and(List<EventPredicate> parts) {
    if (parts.isEmpty()) {
      return new EventPredicate.Const(true);
    }
    return parts.size() == 1
        ? parts.get(0)
        : new EventPredicate.And(parts.toArray(new EventPredicate[0]));
  }

  static EventPredicate or(List<EventPredicate> parts) {
    if (parts.isEmpty()) {
      return new EventPredicate.Const(false);
    }
    return parts.size() == 1
        ? parts.get(0)
        : new EventPredicate.Or(parts.toArray(new EventPredicate[0]));
  }
}
