package dev.haechi.detection.compiler;

import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldValue;
import java.util.List;

/** A compiled boolean test on one event. Immutable and thread-safe; state lives in the Event. */
public sealed interface EventPredicate {
  boolean test(Event e);

  /** Always {@code value}. */
  record Const(boolean value) implements EventPredicate {
    @Override
    public boolean test(Event e) {
      return value;
    }
  }

  record And(EventPredicate[] operands) implements EventPredicate {
    @Override
    public boolean test(Event e) {
      for (EventPredicate p : operands) {
        if (!p.test(e)) {
          return false;
        }
      }
      return true;
    }
  }

  record Or(EventPredicate[] operands) implements EventPredicate {
    @Override
    public boolean test(Event e) {
      for (EventPredicate p : operands) {
        if (p.test(e)) {
          return true;
        }
      }
      return false;
    }
  }

  record Not(EventPredicate operand) implements EventPredicate {
    @Override
    public boolean test(Event e) {
      return !operand.test(e);
    }
  }

  /**
   * A field against rule values: with {@code all} every value must match, else any. With {@code
   * negate} ({@code neq}) the whole item is negated, as pySigma's {@code neq} modifier negates the
   * detection item ({@code SigmaNegateModifier}): {@code a|neq: [x, y]} holds when {@code a} is
   * neither {@code x} nor {@code y}; and only on a field that is present and not null (a missing
   * value is not "different"). {@code slot} is -1 for keyword search over every value of the event.
   * A {@code null} rule value matches an absent field or JSON null, never an empty array or an
   * object.
   */
  record Field(String name, int slot, ValueMatcher[] matchers, boolean all, boolean negate)
      implements EventPredicate {
    @Override
    public boolean test(Event e) {
      FieldValue[] values = slot < 0 ? e.leaves() : e.values(slot);
      if (negate) {
        return present(values) && !item(e, values);
      }
      return item(e, values);
    }

    private boolean item(Event e, FieldValue[] values) {
      for (ValueMatcher m : matchers) {
        boolean ok = any(e, values, m);
        if (ok != all) {
          return ok;
        }
      }
      return all;
    }

    private static boolean present(FieldValue[] values) {
      for (FieldValue v : values) {
        if (!v.isNull()) {
          return true;
        }
      }
      return false;
    }

    private boolean any(Event e, FieldValue[] values, ValueMatcher m) {
      if (values.length == 0) {
        // no scalar value: only null matches, and only when the field is really absent (an empty
        // array or an object without text is present)
        return m.matchesAbsent() && (slot < 0 || !e.exists(slot));
      }
      for (FieldValue v : values) {
        if (m.matches(v)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code exists}: whether the field is present (even null or empty) equals {@code expected}. */
  record Exists(String name, int slot, boolean expected) implements EventPredicate {
    @Override
    public boolean test(Event e) {
      return e.exists(slot) == expected;
    }
  }

  /**
   * {@code fieldref}: the field compared with another field of the same event (equality, or the
   * string modifier given), case-insensitive unless cased; {@code negate} for {@code neq}.
   */
  record FieldRef(
      String name,
      int slot,
      List<Integer> refSlots,
      StringMatcher.Kind kind,
      boolean cased,
      boolean all,
      boolean negate)
      implements EventPredicate {
    @Override
    public boolean test(Event e) {
      FieldValue[] values = e.values(slot);
      boolean compared = false;
      boolean item = all;
      for (int ref : refSlots) {
        FieldValue[] refs = e.values(ref);
        compared |= comparable(values, refs);
        boolean ok = compare(values, refs);
        if (ok != all) {
          item = ok;
          break;
        }
      }
      // neq negates the whole item (a|fieldref|neq: [b, c]: a equals neither b nor c), and needs
      // something to compare
      return negate ? compared && !item : item;
    }

    private static boolean comparable(FieldValue[] values, FieldValue[] refs) {
      boolean a = false;
      boolean b = false;
      for (FieldValue v : values) {
        a |= !v.isNull();
      }
      for (FieldValue r : refs) {
        b |= !r.isNull();
      }
      return a && b;
    }

    private boolean compare(FieldValue[] values, FieldValue[] refs) {
      for (FieldValue v : values) {
        for (FieldValue r : refs) {
          if (v.isNull() || r.isNull()) {
            continue;
          }
          String a = cased ? v.text() : v.lower();
          String b = cased ? r.text() : r.lower();
          boolean hit =
              switch (kind) {
                case EQUALS -> a.equals(b);
                case PREFIX -> a.startsWith(b);
                case SUFFIX -> a.endsWith(b);
                case CONTAINS -> a.contains(b);
              };
          if (hit) {
            return true;
          }
        }
      }
      return false;
    }
  }
}
