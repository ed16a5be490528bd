package dev.haechi.detection.compiler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Sigma string value with its wildcards: {@code *} and {@code ?} are kept as the private-use
 * characters {@link #STAR} and {@link #ONE}, so an escaped {@code \*} stays a plain asterisk.
 * Escaping follows the Sigma rules specification ("Escape Character"): a backslash escapes {@code
 * *}, {@code ?} and itself; before any other character it is a plain backslash.
 */
record SigmaString(String chars) {
  static final char STAR = '\uE000';
  static final char ONE = '\uE001';
  private static final String DASHES = "-/\u2013\u2014\u2015";

  static SigmaString parse(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' && i + 1 < raw.length()) {
        char n = raw.charAt(i + 1);
        if (n == '*' || n == '?' || n == '\\') {
          b.append(n);
          i++;
          continue;
        }
        b.append(c);
      } else if (c == '*') {
        b.append(STAR);
      } else if (c == '?') {
        b.append(ONE);
      } else {
        b.append(c);
      }
    }
    return new SigmaString(b.toString());
  }

  static SigmaString plain(String text) {
    return new SigmaString(text);
  }

  boolean hasWildcards() {
    return chars.indexOf(STAR) >= 0 || chars.indexOf(ONE) >= 0;
  }

  SigmaString prefixStar() {
    return chars.startsWith(String.valueOf(STAR)) ? this : new SigmaString(STAR + chars);
  }

  SigmaString suffixStar() {
    return chars.endsWith(String.valueOf(STAR)) ? this : new SigmaString(chars + STAR);
  }

  /** The value as plain text; fails when it holds wildcards, which cannot be encoded. */
  String plainText(String modifier) {
    if (hasWildcards()) {
      throw new CompileException(
          "'" + modifier + "' cannot encode a value with wildcards: '" + display() + "'");
    }
    return chars;
  }

  String display() {
    return chars.replace(STAR, '*').replace(ONE, '?');
  }

  /**
   * {@code windash}: every dash or slash that starts a command-line flag (not preceded by a word
   * character, followed by one; pySigma's {@code \B[-/]\b}) in all five variants of Sigma v2.1.
   */
  List<SigmaString> windash() {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < chars.length(); i++) {
      char c = chars.charAt(i);
      if (DASHES.indexOf(c) >= 0
          && (i == 0 || !isWord(chars.charAt(i - 1)))
          && i + 1 < chars.length()
          && isWord(chars.charAt(i + 1))) {
        positions.add(i);
      }
    }
    if (positions.size() > 5) {
      throw new CompileException(
          "'windash' on '" + display() + "' would expand to more than 3125 values");
    }
    List<SigmaString> out = new ArrayList<>();
    out.add(this);
    for (int p : positions) {
      List<SigmaString> next = new ArrayList<>();
      for (SigmaString s : out) {
        for (int d = 0; d < DASHES.length(); d++) {
          StringBuilder b = new StringBuilder(s.chars);
          b.setCharAt(p, DASHES.charAt(d));
          next.add(new SigmaString(b.toString()));
        }
      }
      out = next;
    }
    return out.stream().distinct().toList();
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /** {@code base64}: the standard Base64 encoding of the bytes. */
  static SigmaString base64(byte[] bytes) {
    return new SigmaString(Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * {@code base64offset}: the three encodings of the bytes shifted by 0, 1 and 2 positions, with
   * the characters that depend on neighbouring bytes cut off (pySigma's {@code
   * SigmaBase64OffsetModifier}).
   */
  static List<SigmaString> base64offset(byte[] bytes) {
    int[] start = {0, 2, 3};
    int[] endCut = {0, 3, 2};
    List<SigmaString> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      byte[] shifted = new byte[bytes.length + i];
      for (int k = 0; k < i; k++) {
        shifted[k] = ' ';
      }
      System.arraycopy(bytes, 0, shifted, i, bytes.length);
      String enc = Base64.getEncoder().encodeToString(shifted);
      int cut = endCut[(bytes.length + i) % 3];
      String part =
          enc.substring(Math.min(start[i], enc.length()), Math.max(start[i], enc.length() - cut));
      out.add(new SigmaString(part));
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
