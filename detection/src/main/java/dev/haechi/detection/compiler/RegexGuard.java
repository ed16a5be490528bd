package dev.haechi.detection.compiler;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounds a Sigma {@code |re} (issue 12, item 8). Java's regex engine backtracks, so a pattern such
 * as {@code (a+)+$} takes time exponential in the value's length ({@code aaaa…b}); one such rule
 * could hold the detection engine forever.
 *
 * <ul>
 *   <li><b>At load</b> ({@link #refusal}): a pattern that repeats a group whose body is one
 *       repeated item and otherwise optional ({@code (a+)+}, {@code (\w*)*}, {@code (x+y?)+},
 *       {@code (?:.*)+}) is refused with the reason, so the rule is listed among those that did not
 *       compile. Delimited repeats such as {@code ([a-z]+\.)+} stay allowed.
 *   <li><b>At match time</b> ({@link #find}): every search reads the value through a {@link
 *       CharSequence} that counts character reads and stops the search after {@link #MAX_STEPS} (a
 *       linear search of a value of {@code n} characters reads about {@code n}). A search cut off
 *       counts as no match; it is counted per pattern with the reason ({@link #cutOffs}), which the
 *       rules page and API show.
 * </ul>
 */
public final class RegexGuard {
  /** Character reads one search may make: ~5 M, tens of milliseconds. */
  public static final long MAX_STEPS = 5_000_000;

  private static final Pattern FLAGS_ONLY = Pattern.compile("\\(\\?[a-zA-Z-]*\\)");
  private static final Map<String, CutOff> CUT_OFFS = new ConcurrentHashMap<>();

  private RegexGuard() {}

  /** A pattern whose searches were cut off: how often, the last time, the longest value. */
  public record CutOffReport(String pattern, long count, Instant last, int longestValue) {
    public String reason() {
      return "regular expression '"
          + pattern
          + "' was cut off after "
          + MAX_STEPS
          + " steps "
          + count
          + (count == 1 ? " time" : " times")
          + " (longest value "
          + longestValue
          + " characters); a search cut off counts as no match: rewrite the pattern so it does not"
          + " backtrack";
    }
  }

  private static final class CutOff {
    final AtomicLong count = new AtomicLong();
    volatile Instant last;
    volatile int longest;
  }

  /** Every pattern cut off since the start, most often first. */
  public static List<CutOffReport> cutOffs() {
    List<CutOffReport> out = new ArrayList<>();
    CUT_OFFS.forEach((p, c) -> out.add(new CutOffReport(p, c.count.get(), c.last, c.longest)));
    out.sort(Comparator.comparingLong(CutOffReport::count).reversed());
    return out;
  }

  /** Forgets the cut-offs (tests). */
  public static void reset() {
    CUT_OFFS.clear();
  }

  /**
   * Searches {@code text} for {@code pattern}, giving up after {@link #MAX_STEPS} character reads.
   *
   * @return whether it matched; false also when it was cut off (which is recorded)
   */
  public static boolean find(Pattern pattern, String text) {
    return find(pattern, text, MAX_STEPS);
  }

  static boolean find(Pattern pattern, String text, long maxSteps) {
    Matcher m = pattern.matcher(new Bounded(text, maxSteps));
    try {
      return m.find();
    } catch (StepsExceeded e) {
      CutOff c = CUT_OFFS.computeIfAbsent(pattern.pattern(), k -> new CutOff());
      c.count.incrementAndGet();
      c.last = Instant.now();
      c.longest = Math.max(c.longest, text.length());
      return false;
    }
  }

  /** Thrown inside a search that read too much; never leaves this class. */
  private static final class StepsExceeded extends RuntimeException {
    StepsExceeded() {
      super(null, null, false, false);
    }
  }

  /** A value that counts its character reads (the regex engine reads through charAt). */
  private static final class Bounded implements CharSequence {
    private final String s;
    private final long max;
    private long steps;

    Bounded(String s, long max) {
      this.s = s;
      this.max = max;
    }

    @Override
    public char charAt(int index) {
      if (++steps > max) {
        throw new StepsExceeded();
      }
      return s.charAt(index);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return s.substring(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  /**
   * Why {@code regex} is refused at load, or null. Refused: a group repeated without bound ({@code
   * *}, {@code +}, {@code {n,}}) whose body (no top-level alternation) holds a
   * repeated-without-bound item and nothing else that is not optional, so that a run of characters
   * can be split between the iterations in exponentially many ways.
   */
  public static String refusal(String regex) {
    // per open group: index of body start in items, and its items
    record Item(boolean unboundedRepeat, boolean optional) {}
    List<List<Item>> stack = new ArrayList<>();
    List<Boolean> alternation = new ArrayList<>();
    List<Boolean> atomic = new ArrayList<>();
    stack.add(new ArrayList<>());
    alternation.add(false);
    atomic.add(false);
    int i = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      List<Item> body = stack.get(stack.size() - 1);
      int atomEnd;
      boolean groupAmbiguous = false;
      if (c == '\\') {
        if (i + 2 < n && "pPx".indexOf(regex.charAt(i + 1)) >= 0 && regex.charAt(i + 2) == '{') {
          int e = regex.indexOf('}', i + 2);
          atomEnd = e < 0 ? n : e + 1;
        } else if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
          int e = regex.indexOf("\\E", i + 2);
          atomEnd = e < 0 ? n : e + 2;
        } else {
          atomEnd = Math.min(n, i + 2);
        }
      } else if (c == '[') {
        atomEnd = classEnd(regex, i);
      } else if (c == '(' && FLAGS_ONLY.matcher(regex).region(i, n).lookingAt()) {
        Matcher f = FLAGS_ONLY.matcher(regex).region(i, n);
        f.lookingAt();
        i = f.end();
        continue;
      } else if (c == '(') {
        stack.add(new ArrayList<>());
        alternation.add(false);
        boolean isAtomic = regex.startsWith("(?>", i);
        boolean lookaround =
            regex.startsWith("(?=", i)
                || regex.startsWith("(?!", i)
                || regex.startsWith("(?<=", i)
                || regex.startsWith("(?<!", i);
        atomic.add(isAtomic || lookaround);
        i = skipGroupPrefix(regex, i);
        continue;
      } else if (c == ')') {
        if (stack.size() == 1) {
          return null; // unbalanced: the compiler reports it
        }
        List<Item> inner = stack.remove(stack.size() - 1);
        boolean alt = alternation.remove(alternation.size() - 1);
        boolean at = atomic.remove(atomic.size() - 1);
        long repeated = inner.stream().filter(Item::unboundedRepeat).count();
        boolean restOptional = inner.stream().allMatch(it -> it.unboundedRepeat() || it.optional());
        groupAmbiguous = !at && !alt && repeated >= 1 && restOptional;
        body = stack.get(stack.size() - 1);
        atomEnd = i + 1;
      } else if (c == '|') {
        alternation.set(alternation.size() - 1, true);
        i++;
        continue;
      } else {
        atomEnd = i + 1;
      }
      // the quantifier after the atom, if any
      int q = atomEnd;
      boolean unbounded = false;
      boolean optional = false;
      if (q < n) {
        char qc = regex.charAt(q);
        if (qc == '*' || qc == '+') {
          unbounded = true;
          optional = qc == '*';
          q++;
        } else if (qc == '?') {
          optional = true;
          q++;
        } else if (qc == '{') {
          int close = regex.indexOf('}', q);
          String spec = close < 0 ? "" : regex.substring(q + 1, close);
          if (spec.matches("\\d+(,\\d*)?")) {
            String[] parts = spec.split(",", -1);
            optional = Integer.parseInt(parts[0]) == 0;
            unbounded = parts.length == 2 && parts[1].isEmpty();
            q = close + 1;
          }
        }
        if (q < n && q > atomEnd && (regex.charAt(q) == '+')) {
          // possessive: gives nothing back, so it cannot backtrack into the body
          q++;
          if (groupAmbiguous) {
            groupAmbiguous = false;
          }
          unbounded = false;
        } else if (q < n && q > atomEnd && regex.charAt(q) == '?') {
          q++; // reluctant: backtracks just the same
        }
      }
      if (groupAmbiguous && unbounded) {
        return "regular expression '"
            + regex
            + "' repeats a group that is itself one repeated item ('"
            + regex.substring(Math.max(0, i - 40), Math.min(n, q))
            + "'): a long value that almost matches takes exponential time; refused (write the"
            + " group once, e.g. (a+)+ as a+, or use a possessive repeat such as (a+)++)";
      }
      body.add(new Item(unbounded, optional));
      i = q;
    }
    return null;
  }

  private static int classEnd(String regex, int start) {
    int i = start + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    while (i < regex.length() && depth > 0) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      }
      i++;
    }
    return Math.min(i, regex.length());
  }

  /** Skips {@code (}, {@code (?:}, {@code (?<name>}, {@code (?i)}-style prefixes. */
  private static int skipGroupPrefix(String regex, int i) {
    if (!regex.startsWith("(?", i)) {
      return i + 1;
    }
    if (regex.startsWith("(?<", i)
        && !regex.startsWith("(?<=", i)
        && !regex.startsWith("(?<!", i)) {
      int close = regex.indexOf('>', i);
      return close < 0 ? regex.length() : close + 1;
    }
    int j = i + 2;
    while (j < regex.length() && ":=!<>".indexOf(regex.charAt(j)) < 0 && regex.charAt(j) != ')') {
      j++;
    }
    if (j < regex.length() && regex.charAt(j) == '<') {
      j++;
    }
    return Math.min(regex.length(), j + 1);
  }
}
