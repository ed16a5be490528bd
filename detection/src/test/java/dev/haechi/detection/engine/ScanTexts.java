package dev.haechi.detection.engine;

import dev.haechi.detection.event.CaseFold;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** Random texts for the scanner tests, and the reference answer: what the fold contains. */
final class ScanTexts {
  private ScanTexts() {}

  /** {@code length} characters drawn from {@code alphabet}. */
  static String from(Random rnd, String alphabet, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static String hex(Random rnd, int length) {
    return from(rnd, "0123456789abcdef", length);
  }

  /** Up to {@code maxPieces - 1} of the strings, in random case and some cut short, among noise. */
  static String text(Random rnd, String alphabet, List<String> patterns, int maxPieces) {
    StringBuilder text = new StringBuilder();
    int pieces = rnd.nextInt(maxPieces);
    for (int k = 0; k < pieces; k++) {
      text.append(from(rnd, alphabet, rnd.nextInt(4)));
      String p = patterns.get(rnd.nextInt(patterns.size()));
      int cut = rnd.nextInt(3) == 0 ? rnd.nextInt(p.length() + 1) : p.length();
      text.append(randomCase(rnd, p.substring(0, cut)));
    }
    return text.append(from(rnd, alphabet, rnd.nextInt(4))).toString();
  }

  static String randomCase(Random rnd, String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
    }
    return b.toString();
  }

  /** The text with every non-ASCII character replaced by an ASCII one. */
  static String ascii(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c < 0x80 ? c : (char) ('a' + c % 3));
    }
    return b.toString();
  }

  /** The indexes of the (folded) strings that {@code CaseFold.fold(text)} contains. */
  static Set<Integer> contained(List<String> patterns, String text) {
    String folded = CaseFold.fold(text);
    Set<Integer> out = new TreeSet<>();
    for (int i = 0; i < patterns.size(); i++) {
      if (folded.contains(patterns.get(i))) {
        out.add(i);
      }
    }
    return out;
  }
}
