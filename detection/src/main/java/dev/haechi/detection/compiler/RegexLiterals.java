package dev.haechi.detection.compiler;

import dev.haechi.detection.event.CaseFold;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Required literals of a Java regular expression: a set of case-folded strings such that the
 * case-folded text of every value the expression finds a match in contains at least one of them
 * (necessary, never sufficient). With them the candidate index runs a {@code re} rule only when its
 * literal occurs, like a {@code contains} rule. The analysis is the prefilter idea of RE2 and
 * Google Code Search (R. Cox, "Regular Expression Matching with a Trigram Index", 2012): each part
 * of the expression is summarised either as the finite set of strings it matches ({@code exact}) or
 * as an OR-set of strings one of which every match contains; concatenation multiplies exact sets
 * while small and otherwise keeps the most selective part's set, alternation unites, repetition
 * with a minimum of one keeps its body's set, and everything else ({@code .}, {@code \d}, large
 * classes, back-references, lookarounds) says nothing.
 *
 * <p>Case: the literals are folded with {@link CaseFold}, one code point at a time; Java's
 * case-insensitive matching (ASCII, or {@code UNICODE_CASE}) only equates characters whose folds
 * are equal, and folding never merges or splits code points, so a literal matched in any case still
 * occurs folded in the folded value. Anything the parser does not fully understand (comments mode,
 * surrogate pairs, nested or intersected classes, named characters) gives no literal at all: the
 * rule is then evaluated whenever its bucket is visited, as before. Soundness is checked by a
 * randomised test that samples strings matching random expressions.
 */
public final class RegexLiterals {
  /** Largest exact set kept while multiplying; beyond it the part becomes an OR-set. */
  static final int MAX_EXACT = 16;

  /** Largest character class expanded into an exact set (distinct folded characters). */
  static final int MAX_CLASS = 4;

  /** Largest fixed repetition count expanded into an exact set. */
  private static final int MAX_REPEAT = 4;

  private RegexLiterals() {}

  /**
   * Case-folded literals one of which occurs in the folded text of every value {@code regex} finds
   * a match in, or null when none is known.
   */
  public static List<String> required(String regex) {
    try {
      Parser p = new Parser(regex);
      Info info = p.alternation();
      if (p.i != regex.length()) {
        return null;
      }
      Set<String> set = info.orSet();
      return set == null ? null : minimal(set);
    } catch (Bail | RuntimeException e) {
      return null;
    }
  }

  /** Drops each literal that contains another: when it occurs, so does the other. */
  private static List<String> minimal(Set<String> set) {
    List<String> out = new ArrayList<>();
    for (String s : set) {
      boolean redundant = false;
      for (String t : set) {
        if (!t.equals(s) && s.contains(t)) {
          redundant = true;
          break;
        }
      }
      if (!redundant) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** The parser met something it does not model: no literal for the whole expression. */
  private static final class Bail extends Exception {
    Bail() {
      super(null, null, false, false);
    }
  }

  /**
   * What a part of the expression tells: the exact (folded) strings it matches, or when not exact
   * an OR-set one of which every match contains (null: nothing).
   */
  private record Info(Set<String> exact, Set<String> match) {
    static final Info ANY = new Info(null, null);
    static final Info EMPTY = new Info(Set.of(""), null);

    static Info exact(Set<String> strings) {
      return new Info(strings, null);
    }

    /** The part as an OR-set of required strings (null: nothing required). */
    Set<String> orSet() {
      if (exact == null) {
        return match;
      }
      return exact.contains("") || exact.isEmpty() ? null : exact;
    }
  }

  private static Set<String> better(Set<String> a, Set<String> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int wa = weakest(a);
    int wb = weakest(b);
    if (wa != wb) {
      return wa > wb ? a : b;
    }
    return a.size() <= b.size() ? a : b;
  }

  private static int weakest(Set<String> s) {
    int min = Integer.MAX_VALUE;
    for (String x : s) {
      min = Math.min(min, x.length());
    }
    return min;
  }

  private static Set<String> product(Set<String> a, Set<String> b) {
    if ((long) a.size() * b.size() > MAX_EXACT) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String x : a) {
      for (String y : b) {
        out.add(x + y);
      }
    }
    return out;
  }

  private static final class Parser {
    private final String re;
    int i;

    Parser(String re) {
      this.re = re;
    }

    private boolean more() {
      return i < re.length();
    }

    private char peek() {
      return re.charAt(i);
    }

    Info alternation() throws Bail {
      List<Info> branches = new ArrayList<>();
      branches.add(concatenation());
      while (more() && peek() == '|') {
        i++;
        branches.add(concatenation());
      }
      if (branches.size() == 1) {
        return branches.get(0);
      }
      Set<String> exact = new LinkedHashSet<>();
      for (Info b : branches) {
        if (b.exact() == null) {
          exact = null;
          break;
        }
        exact.addAll(b.exact());
      }
      if (exact != null && exact.size() <= MAX_EXACT) {
        return Info.exact(exact);
      }
      Set<String> union = new LinkedHashSet<>();
      for (Info b : branches) {
        Set<String> s = b.orSet();
        if (s == null) {
          return Info.ANY;
        }
        union.addAll(s);
      }
      return new Info(null, union);
    }

    private Info concatenation() throws Bail {
      Set<String> run = Set.of("");
      boolean allExact = true;
      Set<String> best = null;
      while (more() && peek() != '|' && peek() != ')') {
        for (Info item : quantified()) {
          if (item.exact() != null) {
            Set<String> joined = product(run, item.exact());
            if (joined == null) {
              allExact = false;
              best = better(best, new Info(run, null).orSet());
              run = item.exact();
            } else {
              run = joined;
            }
          } else {
            allExact = false;
            best = better(best, new Info(run, null).orSet());
            best = better(best, item.match());
            run = Set.of("");
          }
        }
      }
      if (allExact) {
        return Info.exact(run);
      }
      return new Info(null, better(best, new Info(run, null).orSet()));
    }

    /**
     * An atom and its quantifier, as one or two parts in sequence: {@code x{n,m}} with an exact
     * {@code x} is {@code x} n times followed by something unknown.
     */
    private Info[] quantified() throws Bail {
      Info atom = atom();
      if (!more()) {
        return new Info[] {atom};
      }
      char c = peek();
      int min;
      int max; // -1: unbounded
      if (c == '*') {
        min = 0;
        max = -1;
        i++;
      } else if (c == '+') {
        min = 1;
        max = -1;
        i++;
      } else if (c == '?') {
        min = 0;
        max = 1;
        i++;
      } else if (c == '{') {
        int close = re.indexOf('}', i);
        if (close < 0) {
          throw new Bail();
        }
        String spec = re.substring(i + 1, close);
        if (!spec.matches("\\d{1,6}(,\\d{0,6})?")) {
          throw new Bail();
        }
        String[] parts = spec.split(",", -1);
        min = Integer.parseInt(parts[0]);
        max = parts.length == 1 ? min : parts[1].isEmpty() ? -1 : Integer.parseInt(parts[1]);
        i = close + 1;
      } else {
        return new Info[] {atom};
      }
      // lazy or possessive: the same strings
      if (more() && (peek() == '?' || peek() == '+')) {
        i++;
      }
      if (more() && "*+?{".indexOf(peek()) >= 0) {
        throw new Bail(); // a quantifier on a quantifier: not Java
      }
      if (min == 0) {
        if (max == 1 && atom.exact() != null && atom.exact().size() < MAX_EXACT) {
          Set<String> s = new LinkedHashSet<>(atom.exact());
          s.add("");
          return new Info[] {Info.exact(s)};
        }
        return new Info[] {max == 0 ? Info.EMPTY : Info.ANY};
      }
      if (atom.exact() != null && min <= MAX_REPEAT) {
        Set<String> s = Set.of("");
        for (int k = 0; k < min && s != null; k++) {
          s = product(s, atom.exact());
        }
        if (s != null) {
          return max == min ? new Info[] {Info.exact(s)} : new Info[] {Info.exact(s), Info.ANY};
        }
      }
      return new Info[] {new Info(null, atom.orSet())};
    }

    private Info atom() throws Bail {
      char c = peek();
      switch (c) {
        case '(':
          return group();
        case '[':
          return characterClass();
        case '.':
          i++;
          return Info.ANY;
        case '^':
        case '$':
          i++;
          return Info.EMPTY;
        case '\\':
          return escape();
        case '*':
        case '+':
        case '?':
        case '{':
        case ')':
        case '|':
          throw new Bail();
        default:
          if (Character.isSurrogate(c)) {
            throw new Bail();
          }
          i++;
          return Info.exact(Set.of(CaseFold.fold(String.valueOf(c))));
      }
    }

    private Info group() throws Bail {
      i++; // (
      boolean zeroWidth = false;
      if (re.startsWith("?", i)) {
        i++;
        if (!more()) {
          throw new Bail();
        }
        char k = peek();
        if (k == ':' || k == '>') {
          i++;
        } else if (k == '=' || k == '!') {
          i++;
          zeroWidth = true;
        } else if (k == '<') {
          i++;
          if (more() && (peek() == '=' || peek() == '!')) {
            i++;
            zeroWidth = true;
          } else {
            int close = re.indexOf('>', i);
            if (close < 0 || !re.substring(i, close).matches("[a-zA-Z][a-zA-Z0-9]*")) {
              throw new Bail();
            }
            i = close + 1;
          }
        } else {
          // inline flags: (?idmsuxU-idmsuxU) or (?flags:X); comments mode changes the syntax
          int start = i;
          while (more() && "idmsuxU-".indexOf(peek()) >= 0) {
            i++;
          }
          String flags = re.substring(start, i);
          if (flags.indexOf('x') >= 0 || !more()) {
            throw new Bail();
          }
          if (peek() == ')') {
            i++;
            return Info.EMPTY;
          }
          if (peek() != ':') {
            throw new Bail();
          }
          i++;
        }
      }
      Info inner = alternation();
      if (!more() || peek() != ')') {
        throw new Bail();
      }
      i++;
      return zeroWidth ? Info.EMPTY : inner;
    }

    private Info escape() throws Bail {
      i++; // backslash
      if (!more()) {
        throw new Bail();
      }
      char c = peek();
      i++;
      switch (c) {
        case 'd', 'D', 'w', 'W', 's', 'S', 'h', 'H', 'v', 'V', 'R', 'X':
          return Info.ANY;
        case 'p', 'P':
          skipProperty();
          return Info.ANY;
        case 'b':
          if (more() && peek() == '{') {
            throw new Bail(); // \b{g}
          }
          return Info.EMPTY;
        case 'B', 'A', 'G', 'Z', 'z':
          return Info.EMPTY;
        case 'Q':
          {
            int end = re.indexOf("\\E", i);
            String quoted = end < 0 ? re.substring(i) : re.substring(i, end);
            i = end < 0 ? re.length() : end + 2;
            for (int k = 0; k < quoted.length(); k++) {
              if (Character.isSurrogate(quoted.charAt(k))) {
                throw new Bail();
              }
            }
            if (quoted.isEmpty()) {
              return Info.EMPTY;
            }
            if (more() && "*+?{".indexOf(peek()) >= 0) {
              throw new Bail(); // a quantifier applies to the last quoted character only
            }
            return Info.exact(Set.of(CaseFold.fold(quoted)));
          }
        case 'k':
          {
            int close = re.indexOf('>', i);
            if (!re.startsWith("<", i) || close < 0) {
              throw new Bail();
            }
            i = close + 1;
            return Info.ANY;
          }
        default:
          break;
      }
      if (c >= '0' && c <= '9') {
        if (c == '0') {
          return literal(octal());
        }
        while (more() && Character.isDigit(peek())) {
          i++;
        }
        return Info.ANY; // back-reference
      }
      int ch = escapedChar(c);
      return literal(ch);
    }

    /** The character of an escape already read up to {@code c}, in or out of a class. */
    private int escapedChar(char c) throws Bail {
      switch (c) {
        case 't':
          return '\t';
        case 'n':
          return '\n';
        case 'r':
          return '\r';
        case 'f':
          return '\f';
        case 'a':
          return 7;
        case 'e':
          return 27;
        case 'x':
          return hex();
        case 'u':
          return unicode();
        case 'c':
          if (!more()) {
            throw new Bail();
          }
          return re.charAt(i++) ^ 64;
        default:
          if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || Character.isSurrogate(c)) {
            throw new Bail(); // an escape this parser does not know
          }
          return c;
      }
    }

    private Info literal(int codePoint) throws Bail {
      if (codePoint > 0xFFFF || Character.isSurrogate((char) codePoint)) {
        throw new Bail();
      }
      return Info.exact(Set.of(CaseFold.fold(String.valueOf((char) codePoint))));
    }

    private int octal() throws Bail {
      int v = 0;
      int digits = 0;
      while (more() && digits < 3 && peek() >= '0' && peek() <= '7') {
        int next = v * 8 + (peek() - '0');
        if (next > 0377) {
          break;
        }
        v = next;
        i++;
        digits++;
      }
      if (digits == 0) {
        throw new Bail();
      }
      return v;
    }

    private int hex() throws Bail {
      if (more() && peek() == '{') {
        int close = re.indexOf('}', i);
        if (close < 0) {
          throw new Bail();
        }
        String h = re.substring(i + 1, close);
        i = close + 1;
        if (!h.matches("[0-9a-fA-F]{1,6}")) {
          throw new Bail();
        }
        return Integer.parseInt(h, 16);
      }
      return fixedHex(2);
    }

    private int unicode() throws Bail {
      return fixedHex(4);
    }

    private int fixedHex(int n) throws Bail {
      if (i + n > re.length()) {
        throw new Bail();
      }
      String h = re.substring(i, i + n);
      if (!h.matches("[0-9a-fA-F]+")) {
        throw new Bail();
      }
      i += n;
      return Integer.parseInt(h, 16);
    }

    private void skipProperty() throws Bail {
      if (more() && peek() == '{') {
        int close = re.indexOf('}', i);
        if (close < 0) {
          throw new Bail();
        }
        i = close + 1;
      } else if (more()) {
        i++;
      } else {
        throw new Bail();
      }
    }

    /**
     * A class of a few characters ({@code [Pp]}, {@code [\\/]}) is an exact set of its folded
     * characters; negated, large or unusual classes say nothing (but must still be skipped
     * correctly, or the whole expression gives nothing).
     */
    private Info characterClass() throws Bail {
      i++; // [
      boolean negated = false;
      if (more() && peek() == '^') {
        negated = true;
        i++;
      }
      if (more() && peek() == ']') {
        throw new Bail();
      }
      Set<String> members = new LinkedHashSet<>();
      boolean any = negated;
      while (true) {
        if (!more()) {
          throw new Bail();
        }
        char c = peek();
        if (c == ']') {
          i++;
          break;
        }
        if (c == '[' || re.startsWith("&&", i)) {
          throw new Bail();
        }
        int lo;
        if (c == '\\') {
          i++;
          if (!more()) {
            throw new Bail();
          }
          char e = peek();
          i++;
          if ("dDwWsShHvV".indexOf(e) >= 0) {
            any = true;
            continue;
          }
          if (e == 'p' || e == 'P') {
            skipProperty();
            any = true;
            continue;
          }
          if (e == 'Q' || e == 'R' || e == 'X' || e == 'b' || e == 'B' || e == 'k' || e == 'N') {
            throw new Bail();
          }
          if (e >= '0' && e <= '9') {
            if (e != '0') {
              throw new Bail();
            }
            lo = octal();
          } else {
            lo = escapedChar(e);
          }
        } else {
          if (Character.isSurrogate(c)) {
            throw new Bail();
          }
          lo = c;
          i++;
        }
        int hi = lo;
        if (more() && peek() == '-' && i + 1 < re.length() && re.charAt(i + 1) != ']') {
          i++;
          char h = peek();
          if (h == '['
              || h == '\\'
                  && i + 1 < re.length()
                  && "dDwWsSpPhHvVQ".indexOf(re.charAt(i + 1)) >= 0) {
            throw new Bail();
          }
          if (h == '\\') {
            i++;
            if (!more()) {
              throw new Bail();
            }
            char e = peek();
            i++;
            hi = e == '0' ? octal() : escapedChar(e);
          } else {
            if (Character.isSurrogate(h)) {
              throw new Bail();
            }
            hi = h;
            i++;
          }
          if (hi < lo) {
            throw new Bail();
          }
        }
        if (lo > 0xFFFF || hi > 0xFFFF) {
          throw new Bail();
        }
        if (!any) {
          if (hi - lo >= 64) {
            any = true;
          } else {
            for (int ch = lo; ch <= hi; ch++) {
              if (Character.isSurrogate((char) ch)) {
                throw new Bail();
              }
              members.add(CaseFold.fold(String.valueOf((char) ch)));
            }
            if (members.size() > MAX_CLASS) {
              any = true;
            }
          }
        }
      }
      return any || members.isEmpty() ? Info.ANY : Info.exact(members);
    }
  }
}
