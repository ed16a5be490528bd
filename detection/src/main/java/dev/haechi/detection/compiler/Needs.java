package dev.haechi.detection.compiler;

import dev.haechi.detection.event.CaseFold;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
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

  /**
   * A lower-case literal expected in the lower-cased value of the field in {@code slot}; slot -1 is
   * keyword search, any value of the event.
   */
  public record SlotLiteral(int slot, String literal) {}

  /**
   * One of {@code literals} occurs, each in its own field. {@code whole}: every literal is a whole
   * value an equality test compares with (see {@link #WHOLE_VALUE_DISCOUNT}).
   */
  public record Literal(Set<SlotLiteral> literals, boolean whole) {
    /** Shortest literal; longer is more selective. */
    int weakest() {
      return literals.stream().mapToInt(l -> l.literal().length()).min().orElse(0);
    }

    /**
     * How selective the set is taken to be when an AND chooses one: the shortest literal's length,
     * less {@link #WHOLE_VALUE_DISCOUNT} for a set of whole values.
     */
    int strength() {
      return weakest() - (whole ? WHOLE_VALUE_DISCOUNT : 0);
    }
  }

  /**
   * Characters a whole value compared by equality counts less than a searched fragment ({@code
   * contains}, a keyword, a regular expression's literal) when an AND chooses its literal set. A
   * short whole value is most often one of a field's few common values ({@code cs-method: GET},
   * {@code sc-status: 404}, an event code, {@code true}): found in most events, it proves little,
   * while a searched fragment of the same length ({@code '={{'}) is one a rule's author picked as
   * rare. Long whole values (a full path) still win. Only the choice changes: every set an AND
   * could keep is necessary.
   */
  static final int WHOLE_VALUE_DISCOUNT = 4;

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
    if (f.negate() || f.matchers().length == 0) {
      return NOTHING;
    }
    Set<String> exact = new LinkedHashSet<>();
    boolean allExact = !f.all() && f.slot() >= 0;
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
          literal = better(literal, literal(f.slot(), l, false));
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
        literal = literal(f.slot(), union, allExact);
      }
    }
    return new Needs(exacts, literal);
  }

  private static Literal literal(int slot, Collection<String> literals, boolean whole) {
    Set<SlotLiteral> out = new LinkedHashSet<>();
    for (String l : literals) {
      out.add(new SlotLiteral(slot, l));
    }
    return new Literal(out, whole);
  }

  private static boolean collectExact(ValueMatcher m, Set<String> into) {
    if (m instanceof StringMatcher s && s.kind() == StringMatcher.Kind.EQUALS) {
      into.add(CaseFold.fold(s.needle()));
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
    boolean whole = true;
    Set<SlotLiteral> literals = new LinkedHashSet<>();
    for (Needs n : branches) {
      if (n.literal == null) {
        allLiteral = false;
        break;
      }
      literals.addAll(n.literal.literals());
      whole &= n.literal.whole();
    }
    if (allLiteral && !branches.isEmpty()) {
      literal = new Literal(literals, whole);
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
    if (a.strength() != b.strength()) {
      return a.strength() > b.strength() ? a : b;
    }
    return a.literals().size() <= b.literals().size() ? a : b;
  }
}
