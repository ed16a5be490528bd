package dev.haechi.detection.identity;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The user IDs that exist (members, customers, employees' IDs): compact enough for tens of millions
 * of members. Numeric IDs are held as ranges ({@code first}, {@code count}) and a bit set; any
 * other ID is held as a string. A numeric ID is one written in canonical decimal (digits, no
 * leading zero, below 2^31 for the bit set), so {@code "0042"} is only known when given as that
 * string.
 *
 * <p>Immutable once built; {@link #isEmpty()} says that nothing is known, in which case callers
 * must not conclude that an ID does not exist.
 */
public final class KnownUserIds {
  /** An inclusive-exclusive range of numeric IDs: {@code first ≤ id < first + count}. */
  public record Range(long first, long count) {
    public Range {
      if (first < 0 || count < 0) {
        throw new IllegalArgumentException("a member range needs first >= 0 and count >= 0");
      }
    }

    boolean contains(long id) {
      return id >= first && id - first < count;
    }
  }

  private static final KnownUserIds NONE = new Builder().build();

  private final List<Range> ranges;
  private final BitSet numeric;
  private final Set<String> others;

  private KnownUserIds(List<Range> ranges, BitSet numeric, Set<String> others) {
    this.ranges = List.copyOf(ranges);
    this.numeric = numeric;
    this.others = Set.copyOf(others);
  }

  public static KnownUserIds none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True when no ID at all is known (existence cannot be judged). */
  public boolean isEmpty() {
    return ranges.isEmpty() && numeric.isEmpty() && others.isEmpty();
  }

  public boolean contains(String id) {
    if (id == null || id.isEmpty()) {
      return false;
    }
    long n = canonicalNumber(id);
    if (n >= 0) {
      if (n <= Integer.MAX_VALUE && numeric.get((int) n)) {
        return true;
      }
      for (Range r : ranges) {
        if (r.contains(n)) {
          return true;
        }
      }
    }
    return others.contains(id);
  }

  /** The numeric ranges among the known IDs (an exercise draws members from them). */
  public List<Range> ranges() {
    return ranges;
  }

  /** How many IDs are known (ranges counted in full, overlaps counted twice). */
  public long size() {
    long n = numeric.cardinality() + others.size();
    for (Range r : ranges) {
      n += r.count();
    }
    return n;
  }

  /** The value of a canonical decimal ID, or -1. */
  static long canonicalNumber(String id) {
    int len = id.length();
    if (len > 18 || (len > 1 && id.charAt(0) == '0')) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < len; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Collects ranges and IDs; not thread-safe. */
  public static final class Builder {
    private final List<Range> ranges = new ArrayList<>();
    private final BitSet numeric = new BitSet();
    private final Set<String> others = new HashSet<>();

    public Builder range(long first, long count) {
      ranges.add(new Range(first, count));
      return this;
    }

    public Builder add(String id) {
      long n = canonicalNumber(id);
      if (n >= 0 && n <= Integer.MAX_VALUE) {
        numeric.set((int) n);
      } else {
        others.add(id);
      }
      return this;
    }

    public Builder addAll(Iterable<String> ids) {
      for (String id : ids) {
        add(id);
      }
      return this;
    }

    public Builder addAll(KnownUserIds other) {
      ranges.addAll(other.ranges);
      numeric.or(other.numeric);
      others.addAll(other.others);
      return this;
    }

    public KnownUserIds build() {
      return new KnownUserIds(ranges, (BitSet) numeric.clone(), others);
    }
  }
}
