package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.detection.event.CaseFold;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link TextScanner#scanAscii} (the text as written, {@code A}–{@code Z} lowered as read) against
 * the reference: {@code String.contains} on {@code CaseFold.fold(text)}. When it returns true it
 * must report exactly the strings the fold contains; it may return false only for text with a
 * non-ASCII character (the caller then scans the fold). Strings are folded, as the index files
 * them; texts mix upper and lower case and letters whose fold is ASCII from outside it ({@code K}
 * Kelvin sign, {@code ſ}, {@code İ}) or collide when packed ({@code Š}).
 */
class FoldedScanTest {
  private static final String ALPHABET = "abcABC:\\-Z1\u0160\u212a\u017f\u0130é";

  @Property(tries = 400)
  void ascii_scans_find_what_the_folded_text_contains(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<String> patterns = new ArrayList<>();
    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 60);
    for (int i = 0; i < n; i++) {
      patterns.add(
          CaseFold.fold(
              ScanTexts.from(rnd, ALPHABET, 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 14))));
    }
    List<TextScanner> scanners =
        List.of(new AhoCorasick(patterns), new LiteralScanner(patterns), TextScanner.of(patterns));
    for (int t = 0; t < 30; t++) {
      String text = ScanTexts.text(rnd, ALPHABET, patterns, 5);
      for (TextScanner s : scanners) {
        check(patterns, s, text);
      }
    }
  }

  /**
   * {@link TextScanner#scanAsciiPair}: two texts scanned side by side (the small automata's row
   * table walks them together) report exactly what either fold contains; false only when one of
   * them has a non-ASCII character.
   */
  @Property(tries = 400)
  void pair_scans_find_what_either_folded_text_contains(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<String> patterns = new ArrayList<>();
    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 60);
    for (int i = 0; i < n; i++) {
      patterns.add(
          CaseFold.fold(
              ScanTexts.from(rnd, ALPHABET, 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 14))));
    }
    AhoCorasick small = new AhoCorasick(patterns);
    assertThat(small.rowTable()).as("%s", patterns).isEqualTo(small.tableBytes() < 0x10000);
    List<TextScanner> scanners =
        List.of(
            small,
            new LiteralScanner(patterns),
            TextScanner.of(patterns),
            BigramGate.of(patterns, small));
    for (int t = 0; t < 30; t++) {
      String a = ScanTexts.text(rnd, ALPHABET, patterns, 5);
      String b = ScanTexts.text(rnd, ALPHABET, patterns, 5);
      if (rnd.nextInt(3) > 0) {
        // mostly ASCII pairs, so that most pairs are scanned side by side to the end
        a = ScanTexts.ascii(a);
        b = ScanTexts.ascii(b);
      }
      for (TextScanner s : scanners) {
        Set<Integer> expected = new TreeSet<>(ScanTexts.contained(patterns, a));
        expected.addAll(ScanTexts.contained(patterns, b));
        Set<Integer> found = new TreeSet<>();
        boolean ascii = (a + b).chars().allMatch(c -> c < 0x80);
        boolean complete = s.scanAsciiPair(a, b, found::add);
        assertThat(complete).as("texts %s, %s", a, b).isEqualTo(ascii);
        if (complete) {
          assertThat(found)
              .as("texts %s, %s, strings %s, %s", a, b, patterns, s)
              .isEqualTo(expected);
        }
      }
    }
  }

  /**
   * {@link TextScanner#mayOccur} is a necessary condition: when it says no, the fold of the text
   * contains none of the strings. Strings mix punctuation in (so that a required set exists), texts
   * mix in letters that fold into ASCII from outside it.
   */
  @Property(tries = 400)
  void may_occur_is_false_only_when_no_string_occurs(@ForAll long seed) {
    Random rnd = new Random(seed);
    String alphabet = "abcAB:.= -\\K\u017f\u0130é";
    List<String> patterns = new ArrayList<>();
    int n = 1 + rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      StringBuilder p = new StringBuilder();
      for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
        p.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      patterns.add(CaseFold.fold(p.toString()));
    }
    List<TextScanner> scanners =
        List.of(
            new AhoCorasick(patterns),
            new LiteralScanner(patterns),
            TextScanner.of(patterns),
            BigramGate.of(patterns, new AhoCorasick(patterns)));
    for (int t = 0; t < 40; t++) {
      StringBuilder text = new StringBuilder();
      for (int k = rnd.nextInt(12); k > 0; k--) {
        text.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      if (rnd.nextBoolean()) {
        text.append(ScanTexts.randomCase(rnd, patterns.get(rnd.nextInt(n))));
      }
      for (TextScanner s : scanners) {
        if (!s.mayOccur(text.toString())) {
          assertThat(ScanTexts.contained(patterns, text.toString()))
              .as("text %s, strings %s", text, patterns)
              .isEmpty();
        }
      }
    }
  }

  @Test
  void keyword_like_sets_skip_text_without_their_punctuation() {
    AhoCorasick keywords =
        new AhoCorasick(List.of("sekurlsa::", "mimidrv.sys", "wi legit printer", "lsadump::"));
    assertThat(keywords.mayOccur("0x8000000000000000")).isFalse();
    assertThat(keywords.mayOccur("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}")).isFalse();
    assertThat(keywords.mayOccur("short")).isFalse();
    assertThat(keywords.mayOccur("C:\\Windows\\x")).isTrue();
    assertThat(keywords.mayOccur("NT AUTHORITY\\SYSTEM")).isTrue();
    assertThat(keywords.mayOccur("MIMIDRV.SYS")).isTrue();
  }

  @Test
  void large_sets_scan_ascii_text_exactly() {
    Random rnd = new Random(18);
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      patterns.add(ScanTexts.hex(rnd, 6 + rnd.nextInt(10)));
    }
    AhoCorasick big = new AhoCorasick(patterns);
    // the int table (over 32,768 states), not the char one
    assertThat(big.states()).isGreaterThan(0x8000);
    assertThat(big.deterministic()).isTrue();
    List<TextScanner> scanners = List.of(big, new LiteralScanner(patterns));
    for (int t = 0; t < 1_000; t++) {
      StringBuilder text = new StringBuilder("MD5=");
      text.append(ScanTexts.hex(rnd, rnd.nextInt(20)));
      if (rnd.nextBoolean()) {
        String p = patterns.get(rnd.nextInt(patterns.size()));
        text.append(p, 0, rnd.nextInt(3) == 0 ? p.length() - 1 : p.length());
      }
      text.append(ScanTexts.hex(rnd, rnd.nextInt(40)));
      String s = ScanTexts.randomCase(rnd, text.toString());
      for (TextScanner scanner : scanners) {
        check(patterns, scanner, s);
      }
    }
  }

  private static void check(List<String> patterns, TextScanner scanner, String text) {
    Set<Integer> expected = ScanTexts.contained(patterns, text);
    Set<Integer> found = new TreeSet<>();
    boolean ascii = text.chars().allMatch(c -> c < 0x80);
    boolean complete = scanner.scanAscii(text, found::add);
    assertThat(complete).as("text %s", text).isEqualTo(ascii);
    if (complete) {
      assertThat(found).as("text %s, strings %s, %s", text, patterns, scanner).isEqualTo(expected);
    }
  }
}
