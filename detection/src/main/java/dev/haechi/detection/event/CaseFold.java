package dev.haechi.detection.event;

import java.util.Locale;

/**
 * Sigma's default case-insensitive matching, as one function applied alike to event values, rule
 * values, the candidate index's literals and its routing keys: simple case folding, one code point
 * at a time ({@code toLowerCase(toUpperCase(c))}, the relation {@link String#equalsIgnoreCase} and
 * Java's {@code CASE_INSENSITIVE | UNICODE_CASE} regular expressions use). Unlike {@link
 * String#toLowerCase}, it does not depend on context (Greek final sigma: {@code ΟΣ} folds to {@code
 * οσ}, not {@code ος}) and never changes a value's length in code points ({@code İ} folds to {@code
 * i}, not {@code i̇}), so the fold of a value contains the fold of every piece of it: what makes
 * the index's "required literal" reasoning and {@code ?} wildcards exact. Full foldings that change
 * length ({@code ß} = {@code SS}) are not applied. ASCII text takes the fast path.
 */
public final class CaseFold {
  private CaseFold() {}

  public static String fold(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return foldUnicode(s);
      }
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static String foldUnicode(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp)));
      i += Character.charCount(cp);
    }
    return out.toString();
  }
}
