package dev.haechi.detection.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.event.CaseFold;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Required literals of a regular expression must be sound: whenever the expression finds a match in
 * a value, the folded value contains one of them. Random expressions are generated together with
 * strings they match (and case variants of those), embedded in random text, and kept only when
 * Java's matcher agrees that they match.
 */
class RegexLiteralsTest {
  /** Characters that exercise escapes, metacharacters and case folding. */
  private static final String ALPHABET =
      "abcxyzABCXYZ0129 .-_/\\:$^*+?()[]{}|&,'\"\tſKİıσςΣéÉßkKsSiI";

  @Test
  void typical_sigma_expressions_give_their_literals() {
    assertThat(RegexLiterals.required("\\\\Windows\\\\System32\\\\[a-zA-Z0-9]{8}\\.tmp$"))
        .containsExactly("\\windows\\system32\\");
    assertThat(RegexLiterals.required("(?i)\\s(-u|--user)\\s*:")).containsExactly("-u");
    assertThat(RegexLiterals.required("https?://0[0-9]{3,11}"))
        .containsExactlyInAnyOrder("http://0", "https://0");
    assertThat(RegexLiterals.required("[Pp]ower[Ss]hell")).containsExactly("powershell");
    assertThat(RegexLiterals.required("[ab]x[cd]")).hasSize(4).contains("axc", "bxd");
    assertThat(RegexLiterals.required("ab?")).containsExactly("a");
    assertThat(RegexLiterals.required("ipconfig\\s+/all")).containsExactly("ipconfig");
    assertThat(RegexLiterals.required("\\Qa.b\\E+")).isNull();
    assertThat(RegexLiterals.required("\\QA.b\\E")).containsExactly("a.b");
    assertThat(RegexLiterals.required("ab+c")).containsExactly("ab");
  }

  @Test
  void expressions_without_a_literal_or_not_understood_give_none() {
    assertThat(RegexLiterals.required(".*")).isNull();
    assertThat(RegexLiterals.required("\\d{9}")).isNull();
    assertThat(RegexLiterals.required("a|\\d")).isNull();
    assertThat(RegexLiterals.required("(?x) a b c")).isNull();
    assertThat(RegexLiterals.required("[[a-b]&&[b]]x")).isNull();
    assertThat(RegexLiterals.required("(?!abc)")).isNull();
    assertThat(RegexLiterals.required("\\N{LATIN SMALL LETTER A}")).isNull();
  }

  @Property(tries = 300)
  void every_match_contains_a_required_literal(@ForAll long seed) {
    Random rnd = new Random(seed);
    int withLiteral = 0;
    int checked = 0;
    int withLiteralChecked = 0;
    for (int r = 0; r < 20; r++) {
      Node node = node(rnd, 3);
      String regex = (rnd.nextInt(5) == 0 ? "(?i)" : "") + node.render(rnd);
      boolean ci = rnd.nextBoolean();
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex, ci ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
      } catch (RuntimeException e) {
        continue;
      }
      List<String> literals = RegexLiterals.required(regex);
      if (literals != null) {
        withLiteral++;
        assertThat(literals).as(regex).doesNotContain("");
      }
      for (int s = 0; s < 10; s++) {
        StringBuilder sample = new StringBuilder();
        node.sample(rnd, sample);
        String text = noise(rnd) + vary(rnd, sample.toString()) + noise(rnd);
        // the sample itself and near-misses of it: whatever Java finds a match in must hold one
        for (int m = 0; m < 4; m++) {
          String probe = m == 0 ? text : nearMiss(rnd, text);
          if (!pattern.matcher(probe).find()) {
            continue;
          }
          checked++;
          if (literals != null) {
            withLiteralChecked++;
            String folded = CaseFold.fold(probe);
            assertThat(literals.stream().anyMatch(folded::contains))
                .as("regex %s (ci %s) matches %s but has none of %s", regex, ci, probe, literals)
                .isTrue();
          }
        }
      }
    }
    // not vacuous: most random expressions have literals and most samples match
    assertThat(withLiteral).isGreaterThan(0);
    assertThat(checked).isGreaterThan(0);
    assertThat(withLiteralChecked).isGreaterThan(0);
  }

  /**
   * The case relation of Java's {@code CASE_INSENSITIVE | UNICODE_CASE} matching, checked for every
   * code point against the fold: a single character {@code c} matches {@code x} when {@code x ==
   * fold(c)} or {@code fold(x) == fold(c)}, and a class range admits {@code x} when {@code x}, its
   * upper case or its fold lies in the range. The literals stay sound only if the fold is
   * idempotent, agrees on a character and its upper case, and keeps the number of UTF-16 units.
   */
  @Test
  void the_fold_is_the_relation_java_regular_expressions_use_for_every_code_point() {
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        continue;
      }
      int fold = Character.toLowerCase(Character.toUpperCase(cp));
      String folded = CaseFold.fold(new String(Character.toChars(cp)));
      assertThat(folded).as("U+%04X", cp).isEqualTo(new String(Character.toChars(fold)));
      assertThat(Character.charCount(fold)).as("U+%04X", cp).isEqualTo(Character.charCount(cp));
      assertThat(Character.toLowerCase(Character.toUpperCase(fold)))
          .as("U+%04X", cp)
          .isEqualTo(fold);
      int upper = Character.toUpperCase(cp);
      assertThat(Character.toLowerCase(Character.toUpperCase(upper)))
          .as("U+%04X", cp)
          .isEqualTo(fold);
    }
    // and Java agrees on a sample of pairs: a case-insensitive match implies equal folds
    Random rnd = new Random(18);
    for (int k = 0; k < 20_000; k++) {
      char c = (char) rnd.nextInt(0x3000);
      char x = rnd.nextBoolean() ? (char) rnd.nextInt(0x3000) : caseVariant(rnd, c);
      if (Character.isSurrogate(c) || Character.isSurrogate(x)) {
        continue;
      }
      boolean single =
          Pattern.compile(
                  Pattern.quote(String.valueOf(c)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
              .matcher(String.valueOf(x))
              .matches();
      if (single) {
        assertThat(CaseFold.fold(String.valueOf(x)))
            .as("U+%04X ~ U+%04X", (int) c, (int) x)
            .isEqualTo(CaseFold.fold(String.valueOf(c)));
      }
    }
  }

  private static char caseVariant(Random rnd, char c) {
    return switch (rnd.nextInt(3)) {
      case 0 -> Character.toUpperCase(c);
      case 1 -> Character.toLowerCase(c);
      default -> Character.toTitleCase(c);
    };
  }

  /** The text with one random edit: a character dropped, replaced, doubled, or its case changed. */
  private static String nearMiss(Random rnd, String text) {
    if (text.isEmpty()) {
      return noise(rnd);
    }
    int at = rnd.nextInt(text.length());
    char c = text.charAt(at);
    String head = text.substring(0, at);
    String tail = text.substring(at + 1);
    return switch (rnd.nextInt(4)) {
      case 0 -> head + tail;
      case 1 -> head + ALPHABET.charAt(rnd.nextInt(ALPHABET.length())) + tail;
      case 2 -> head + c + c + tail;
      default -> head + caseVariant(rnd, c) + tail;
    };
  }

  private static String noise(Random rnd) {
    StringBuilder b = new StringBuilder();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Case variants a case-insensitive expression still matches. */
  private static String vary(Random rnd, String s) {
    if (rnd.nextBoolean()) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      int k = rnd.nextInt(6);
      if (k == 0) {
        b.append(Character.toUpperCase(c));
      } else if (k == 1) {
        b.append(Character.toLowerCase(c));
      } else if (k == 2 && (c == 'k' || c == 'K')) {
        b.append('\u212A');
      } else if (k == 2 && (c == 's' || c == 'S')) {
        b.append('ſ');
      } else if (k == 2 && c == 'σ') {
        b.append('ς');
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** A random expression that can render itself and sample a string it matches. */
  private interface Node {
    String render(Random rnd);

    void sample(Random rnd, StringBuilder out);

    default boolean atomic() {
      return false;
    }
  }

  private static Node node(Random rnd, int depth) {
    int k = rnd.nextInt(depth <= 0 ? 4 : 9);
    return switch (k) {
      case 0, 1 -> literal(rnd);
      case 2 -> charClass(rnd);
      case 3 -> special(rnd);
      case 4, 5 -> {
        List<Node> parts = new ArrayList<>();
        int n = 2 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          parts.add(node(rnd, depth - 1));
        }
        yield concat(parts);
      }
      case 6 -> {
        List<Node> parts = new ArrayList<>();
        int n = 2 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
          parts.add(rnd.nextInt(8) == 0 ? concat(List.of()) : node(rnd, depth - 1));
        }
        yield alternation(parts);
      }
      case 7 -> quantified(rnd, node(rnd, depth - 1));
      default -> group(rnd, node(rnd, depth - 1));
    };
  }

  private static Node concat(List<Node> parts) {
    return new Node() {
      @Override
      public String render(Random rnd) {
        StringBuilder b = new StringBuilder();
        for (Node p : parts) {
          String r = p.render(rnd);
          // a following part must not extend a quantifier or an escape
          b.append(p.atomic() || parts.size() == 1 ? r : "(?:" + r + ")");
        }
        return b.toString();
      }

      @Override
      public void sample(Random rnd, StringBuilder out) {
        parts.forEach(p -> p.sample(rnd, out));
      }
    };
  }

  private static Node alternation(List<Node> parts) {
    return new Node() {
      @Override
      public String render(Random rnd) {
        List<String> rs = new ArrayList<>();
        parts.forEach(p -> rs.add(p.render(rnd)));
        return (rnd.nextBoolean() ? "(" : "(?:") + String.join("|", rs) + ")";
      }

      @Override
      public void sample(Random rnd, StringBuilder out) {
        parts.get(rnd.nextInt(parts.size())).sample(rnd, out);
      }

      @Override
      public boolean atomic() {
        return true;
      }
    };
  }

  private static Node group(Random rnd, Node inner) {
    String[] opens = {"(", "(?:", "(?i:", "(?-i:", "(?<g>", "(?>"};
    String open = opens[rnd.nextInt(opens.length)];
    return new Node() {
      @Override
      public String render(Random r) {
        return open + inner.render(r) + ")";
      }

      @Override
      public void sample(Random r, StringBuilder out) {
        inner.sample(r, out);
      }

      @Override
      public boolean atomic() {
        return true;
      }
    };
  }

  private static Node quantified(Random rnd, Node inner) {
    int min = rnd.nextInt(3);
    int max = min + rnd.nextInt(3);
    String[] forms = {
      "*", "+", "?", "{" + min + "}", "{" + min + "," + max + "}", "{" + min + ",}"
    };
    int f = rnd.nextInt(forms.length);
    String suffix = new String[] {"", "", "?", "+"}[rnd.nextInt(4)];
    int lo =
        switch (f) {
          case 0, 2 -> 0;
          case 1 -> 1;
          default -> min;
        };
    int hi =
        switch (f) {
          case 0, 1, 5 -> lo + 3;
          case 2 -> 1;
          case 3 -> min;
          default -> max;
        };
    return new Node() {
      @Override
      public String render(Random r) {
        String body = inner.render(r);
        return (inner.atomic() ? body : "(?:" + body + ")") + forms[f] + suffix;
      }

      @Override
      public void sample(Random r, StringBuilder out) {
        int times = lo + r.nextInt(hi - lo + 1);
        for (int i = 0; i < times; i++) {
          inner.sample(r, out);
        }
      }

      @Override
      public boolean atomic() {
        return true;
      }
    };
  }

  private static Node literal(Random rnd) {
    int n = 1 + rnd.nextInt(4);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    String s = text.toString();
    return new Node() {
      @Override
      public String render(Random r) {
        if (r.nextInt(5) == 0 && !s.contains("\\E")) {
          return "\\Q" + s + "\\E";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
          b.append(escape(r, c, false));
        }
        return b.toString();
      }

      @Override
      public void sample(Random r, StringBuilder out) {
        out.append(s);
      }

      @Override
      public boolean atomic() {
        return s.length() == 1;
      }
    };
  }

  private static String escape(Random r, char c, boolean inClass) {
    String meta = inClass ? "\\[]^-&" : "\\.$^*+?()[]{}|";
    int k = r.nextInt(8);
    if (c == '\t' && k < 4) {
      return "\\t";
    }
    if (k == 0 && c < 0x100) {
      return String.format("\\x%02x", (int) c);
    }
    if (k == 1) {
      return String.format("\\u%04x", (int) c);
    }
    if (k == 2 && c < 0x80 && c > 0) {
      return String.format("\\0%o", (int) c);
    }
    if (meta.indexOf(c) >= 0 || (!Character.isLetterOrDigit(c) && k == 3)) {
      return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }
    return String.valueOf(c);
  }

  private static Node charClass(Random rnd) {
    boolean negated = rnd.nextInt(5) == 0;
    List<char[]> ranges = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      char a = ALPHABET.charAt(rnd.nextInt(ALPHABET.length()));
      char b = a;
      if (rnd.nextInt(4) == 0 && a < 0x7A) {
        b = (char) (a + rnd.nextInt(4));
      }
      ranges.add(new char[] {a, b});
    }
    boolean digitClass = rnd.nextInt(6) == 0;
    return new Node() {
      @Override
      public String render(Random r) {
        StringBuilder b = new StringBuilder("[");
        if (negated) {
          b.append('^');
        }
        for (char[] range : ranges) {
          b.append(escape(r, range[0], true));
          if (range[1] != range[0]) {
            b.append('-').append(escape(r, range[1], true));
          }
        }
        if (digitClass) {
          b.append("\\d");
        }
        return b.append(']').toString();
      }

      @Override
      public void sample(Random r, StringBuilder out) {
        if (negated) {
          out.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          return;
        }
        if (digitClass && r.nextInt(3) == 0) {
          out.append((char) ('0' + r.nextInt(10)));
          return;
        }
        char[] range = ranges.get(r.nextInt(ranges.size()));
        out.append((char) (range[0] + r.nextInt(range[1] - range[0] + 1)));
      }

      @Override
      public boolean atomic() {
        return true;
      }
    };
  }

  private static Node special(Random rnd) {
    String[] forms = {".", "\\d", "\\w", "\\s", "^", "$", "\\b", "(?=a)", "(?<!b)", "(?i)"};
    String f = forms[rnd.nextInt(forms.length)];
    return new Node() {
      @Override
      public String render(Random r) {
        return f;
      }

      @Override
      public void sample(Random r, StringBuilder out) {
        switch (f) {
          case "." -> out.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
          case "\\d" -> out.append((char) ('0' + r.nextInt(10)));
          case "\\w" -> out.append("aZ_7".charAt(r.nextInt(4)));
          case "\\s" -> out.append(" \t".charAt(r.nextInt(2)));
          default -> {}
        }
      }

      @Override
      public boolean atomic() {
        return !f.equals("(?i)") && !f.startsWith("^") && !f.equals("$") && !f.equals("\\b");
      }
    };
  }
}
