package dev.haechi.detection.compiler;

import dev.haechi.detection.event.FieldValue;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code re} modifier: a regular expression searched anywhere in the value, case-sensitive
 * unless the {@code i} flag; {@code m} and {@code s} as in the modifiers appendix. Compiled once.
 * Bounded by {@link RegexGuard}: a pathological pattern is refused at load, a search that runs too
 * long is cut off (no match) and reported. {@code literals}: the folded strings one of which every
 * matching value contains ({@link RegexLiterals}), or null; the candidate index evaluates the
 * expression only when one occurs.
 */
record RegexMatcher(Pattern pattern, List<String> literals) implements ValueMatcher {
  static RegexMatcher of(String regex, boolean i, boolean m, boolean s) {
    int flags =
        (i ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
            | (m ? Pattern.MULTILINE : 0)
            | (s ? Pattern.DOTALL : 0);
    String refusal = RegexGuard.refusal(regex);
    if (refusal != null) {
      throw new CompileException(refusal);
    }
    try {
      Pattern pattern = Pattern.compile(regex, flags);
      return new RegexMatcher(pattern, RegexLiterals.required(regex));
    } catch (PatternSyntaxException e) {
      throw new CompileException(
          "invalid regular expression '" + regex + "': " + e.getDescription());
    }
  }

  @Override
  public boolean matches(FieldValue value) {
    return value.text() != null && RegexGuard.find(pattern, value.text());
  }
}
