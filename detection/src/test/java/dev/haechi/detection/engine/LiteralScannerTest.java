package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The hashed scanner reports exactly the strings {@code String.contains} finds (the reference), on
 * random string sets of every length class (short ones through the automaton, 4–7 and 8+ through
 * the two hashed windows), with characters whose packed bytes collide ({@code a} and {@code Š},
 * whose low and high bytes mix to the same value), texts built from pieces of the strings, and
 * large sets like the SigmaHQ hash literals.
 */
class LiteralScannerTest {
  /**
   * Small alphabet so that strings overlap and occur often; 'a' (0x61) and 'Š' (0x160: 0x60 ^ 0x01)
   * pack to the same byte.
   */
  private static final String ALPHABET = "abc:\\\u0160\u0100\u00e9ΣK1";

  @Property(tries = 400)
  void finds_exactly_the_strings_the_text_contains(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<String> patterns = new ArrayList<>();
    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 60);
    for (int i = 0; i < n; i++) {
      patterns.add(ScanTexts.from(rnd, ALPHABET, 1 + rnd.nextInt(rnd.nextBoolean() ? 5 : 14)));
    }
    LiteralScanner scanner = new LiteralScanner(patterns);
    for (int t = 0; t < 30; t++) {
      StringBuilder text = new StringBuilder();
      int pieces = rnd.nextInt(5);
      for (int k = 0; k < pieces; k++) {
        text.append(ScanTexts.from(rnd, ALPHABET, rnd.nextInt(4)));
        String p = patterns.get(rnd.nextInt(patterns.size()));
        // a whole string, or one cut short or changed by a character: near misses
        int cut = rnd.nextInt(3) == 0 ? rnd.nextInt(p.length() + 1) : p.length();
        String piece = p.substring(0, cut);
        if (rnd.nextInt(4) == 0 && !piece.isEmpty()) {
          int at = rnd.nextInt(piece.length());
          piece =
              piece.substring(0, at)
                  + ALPHABET.charAt(rnd.nextInt(ALPHABET.length()))
                  + piece.substring(at + 1);
        }
        text.append(piece);
      }
      text.append(ScanTexts.from(rnd, ALPHABET, rnd.nextInt(4)));
      check(patterns, scanner, text.toString());
    }
  }

  @Test
  void large_sets_of_hash_literals_are_scanned_exactly() {
    Random rnd = new Random(18);
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < 7_000; i++) {
      patterns.add(ScanTexts.hex(rnd, i % 3 == 0 ? 16 : 5 + rnd.nextInt(11)));
    }
    patterns.add("md5=");
    patterns.add("=");
    TextScanner scanner = TextScanner.of(patterns);
    assertThat(scanner).isInstanceOf(LiteralScanner.class);
    for (int t = 0; t < 2_000; t++) {
      StringBuilder text = new StringBuilder("md5=");
      text.append(ScanTexts.hex(rnd, rnd.nextInt(20)));
      if (rnd.nextBoolean()) {
        String p = patterns.get(rnd.nextInt(patterns.size()));
        text.append(p, 0, rnd.nextInt(3) == 0 ? p.length() - 1 : p.length());
      }
      text.append(ScanTexts.hex(rnd, rnd.nextInt(40)));
      check(patterns, scanner, text.toString());
    }
  }

  @Test
  void small_sets_stay_on_the_automaton() {
    assertThat(TextScanner.of(List.of("mimikatz", "sekurlsa::", "rpc::")))
        .isInstanceOf(AhoCorasick.class);
  }

  private static void check(List<String> patterns, TextScanner scanner, String text) {
    Set<Integer> found = new TreeSet<>();
    scanner.scan(text, found::add);
    Set<Integer> expected = new TreeSet<>();
    for (int i = 0; i < patterns.size(); i++) {
      if (text.contains(patterns.get(i))) {
        expected.add(i);
      }
    }
    assertThat(found).as("text %s, strings %s", text, patterns).isEqualTo(expected);
  }
}
