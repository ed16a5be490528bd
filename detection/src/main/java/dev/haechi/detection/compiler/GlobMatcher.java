package dev.haechi.detection.compiler;

import dev.haechi.detection.event.CaseFold;
import dev.haechi.detection.event.FieldValue;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A value with inner wildcards ({@code *} any run, {@code ?} one character), compiled once to an
 * anchored regular expression over the lower-cased (or, if cased, original) text.
 */
final class GlobMatcher implements ValueMatcher {
  private final Pattern pattern;
  private final boolean cased;
  private final String longestLiteral;

  GlobMatcher(SigmaString s, boolean cased) {
    this.cased = cased;
    String chars = cased ? s.chars() : CaseFold.fold(s.chars());
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    String longest = "";
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (c == SigmaString.STAR || c == SigmaString.ONE) {
        if (lit.length() > 0) {
          re.append(Pattern.quote(lit.toString()));
          if (lit.length() > longest.length()) {
            longest = lit.toString();
          }
          lit.setLength(0);
        }
        re.append(c == SigmaString.STAR ? ".*" : ".");
      } else {
        lit.append(c);
      }
    }
    if (lit.length() > 0) {
      re.append(Pattern.quote(lit.toString()));
      if (lit.length() > longest.length()) {
        longest = lit.toString();
      }
    }
    this.pattern = Pattern.compile(re.toString(), Pattern.DOTALL);
    this.longestLiteral = CaseFold.fold(longest);
  }

  @Override
  public boolean matches(FieldValue value) {
    String s = cased ? value.text() : value.lower();
    return s != null && pattern.matcher(s).matches();
  }

  @Override
  public List<String> literals() {
    return longestLiteral.isEmpty() ? null : List.of(longestLiteral);
  }

  @Override
  public String toString() {
    return "glob " + pattern;
  }
}
