package dev.haechi.detection.compiler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an event must have for a predicate to be true, derived from the predicate alone: {@code
 * exacts}, each a field whose value must (case-insensitively) equal one of a set, all of which
 * hold; and {@code literal}, lower-case strings one of which must occur in the lower-cased value of
 * one of the given field slots. Both are necessary, never sufficient: the candidate index uses them
 * to skip rules that cannot match. Derivation: a field test gives its values' literals; AND keeps
 * every exact and its best literal set; OR keeps only what all branches share (a common exact slot,
 * the union of literal sets); NOT and the rest give nothing.
 */
public record Needs(List<Exact> exacts, Literal literal) {
  /** The field in {@code slot} must equal one of {@code values} (lower-case). */
  public record Exact(int slot, Set<String> values) {}

  /** One of {@code literals} occurs in the lower-cased value of one of {@code slots}. */
  public record Literal(Set<String> literals, Set<Integer> slots) {
    /** Shortest literal; longer is more selective. */
    int weakest() {
      return literals.stream().mapToInt(String::length).min().orElse(0);
    }
  }

  static final Needs NOTHING = new Needs(List.of(), null);

  public static Needs of(EventPredicate p) {
    if (p instanceof EventPredicate.Field f) {
      return field(f);
    }
    if (p instanceof EventPredicate.And a) {
      List<Exact> exacts = new ArrayList<>();
      Literal best = null;
      for (EventPredicate o : a.operands()) {
        Needs n = of(o);
        exacts.addAll(n.exacts);
        best = better(best, n.literal);
      }
      return new Needs(exacts, best);
    }
    if (p instanceof EventPredicate.Or o) {
      List<Needs> branches = new ArrayList<>();
      for (EventPredicate x : o.operands()) {
        branches.add(of(x));
      }
      return union(branches);
    }
    return NOTHING;
  }

  private static Needs field(EventPredicate.Field f) {
    if (f.negate() || f.slot() < 0 || f.matchers().length == 0) {
      return NOTHING;
    }
    Set<String> exact = new LinkedHashSet<>();
    boolean allExact = !f.all();
    for (ValueMatcher m : f.matchers()) {
      if (!collectExact(m, exact)) {
        allExact = false;
      }
    }
    List<Exact> exacts = allExact ? List.of(new Exact(f.slot(), exact)) : List.of();
    Literal literal = null;
    if (f.all()) {
      for (ValueMatcher m : f.matchers()) {
        List<String> l = m.literals();
        if (l != null) {
          literal = better(literal, new Literal(new LinkedHashSet<>(l), Set.of(f.slot())));
        }
      }
    } else {
      Set<String> union = new LinkedHashSet<>();
      for (ValueMatcher m : f.matchers()) {
        List<String> l = m.literals();
        if (l == null) {
          union = null;
          break;
        }
        union.addAll(l);
      }
      if (union != null && !union.isEmpty()) {
        literal = new Literal(union, Set.of(f.slot()));
      }
    }
    return new Needs(exacts, literal);
  }

  private static boolean collectExact(ValueMatcher m, Set<String> into) {
    if (m instanceof StringMatcher s && s.kind() == StringMatcher.Kind.EQUALS) {
      into.add(s.needle().toLowerCase(Locale.ROOT));
      return true;
    }
    if (m instanceof AnyOfMatcher any) {
      for (ValueMatcher o : any.options()) {
        if (!collectExact(o, into)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static Needs union(Collection<Needs> branches) {
    Literal literal = null;
    boolean allLiteral = true;
    Set<String> literals = new LinkedHashSet<>();
    Set<Integer> slots = new LinkedHashSet<>();
    for (Needs n : branches) {
      if (n.literal == null) {
        allLiteral = false;
        break;
      }
      literals.addAll(n.literal.literals());
      slots.addAll(n.literal.slots());
    }
    if (allLiteral && !branches.isEmpty()) {
      literal = new Literal(literals, slots);
    }
    List<Exact> exacts = new ArrayList<>();
    Needs first = branches.iterator().next();
    for (Exact candidate : first.exacts) {
      Set<String> values = new LinkedHashSet<>();
      boolean everywhere = true;
      for (Needs n : branches) {
        Exact same =
            n.exacts.stream().filter(e -> e.slot() == candidate.slot()).findFirst().orElse(null);
        if (same == null) {
          everywhere = false;
          break;
        }
        values.addAll(same.values());
      }
      if (everywhere) {
        exacts.add(new Exact(candidate.slot(), values));
      }
    }
    return new Needs(exacts, literal);
  }

  private static Literal better(Literal a, Literal b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.weakest() != b.weakest()) {
      return a.weakest() > b.weakest() ? a : b;
    }
    return a.literals().size() <= b.literals().size() ? a : b;
  }
}
