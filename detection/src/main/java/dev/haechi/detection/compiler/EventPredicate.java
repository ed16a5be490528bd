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
   * negate} ({@code neq}) a value holds when the field is present, not null, and no element matches
   * it. {@code slot} is -1 for keyword search over every value of the event.
   */
  record Field(String name, int slot, ValueMatcher[] matchers, boolean all, boolean negate)
      implements EventPredicate {
    @Override
    public boolean test(Event e) {
      FieldValue[] values = slot < 0 ? e.leaves() : e.values(slot);
      for (ValueMatcher m : matchers) {
        boolean ok = negate ? present(values) && !any(values, m) : any(values, m);
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

    private static boolean any(FieldValue[] values, ValueMatcher m) {
      if (values.length == 0) {
        return m.matchesAbsent();
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
      for (int ref : refSlots) {
        boolean ok = compare(values, e.values(ref));
        if (ok != all) {
          return ok;
        }
      }
      return all;
    }

    private boolean compare(FieldValue[] values, FieldValue[] refs) {
      boolean any = false;
      boolean present = false;
      for (FieldValue v : values) {
        for (FieldValue r : refs) {
          if (v.isNull() || r.isNull()) {
            continue;
          }
          present = true;
          String a = cased ? v.text() : v.lower();
          String b = cased ? r.text() : r.lower();
          boolean hit =
              switch (kind) {
                case EQUALS -> a.equals(b);
                case PREFIX -> a.startsWith(b);
                case SUFFIX -> a.endsWith(b);
                case CONTAINS -> a.contains(b);
              };
          any |= hit;
        }
      }
      return negate ? present && !any : any;
    }
  }
}
