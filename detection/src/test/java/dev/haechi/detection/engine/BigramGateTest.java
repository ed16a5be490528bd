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
 * {@link BigramGate} in front of each scanner against the reference, {@code String.contains} on
 * {@code CaseFold.fold(text)}: {@code scanAscii} returns true exactly for ASCII text and then
 * reports exactly the strings the fold contains; {@code scan} of the fold reports them always.
 * Texts carry the strings in random case, cut short or whole, among characters whose fold is ASCII
 * from outside it ({@code K} Kelvin sign, {@code ſ}, {@code İ}).
 */
class BigramGateTest {
  private static final String ALPHABET = "abzABZ019={}$%'<>/.:-_ \u212a\u017f\u0130é";

  @Property(tries = 400)
  void gated_scans_find_what_the_folded_text_contains(@ForAll long seed) {
    Random rnd = new Random(seed);
    List<String> patterns = new ArrayList<>();
    int n = 1 + rnd.nextInt(rnd.nextBoolean() ? 6 : 40);
    for (int i = 0; i < n; i++) {
      patterns.add(
          CaseFold.fold(
              ScanTexts.from(rnd, ALPHABET, 2 + rnd.nextInt(rnd.nextBoolean() ? 3 : 12))));
    }
    List<TextScanner> scanners =
        List.of(
            BigramGate.of(patterns, new AhoCorasick(patterns)),
            BigramGate.of(patterns, new LiteralScanner(patterns)));
    for (int t = 0; t < 40; t++) {
      String mixed = ScanTexts.text(rnd, ALPHABET, patterns, 4);
      String text = rnd.nextInt(3) > 0 ? ScanTexts.ascii(mixed) : mixed;
      Set<Integer> expected = ScanTexts.contained(patterns, text);
      for (TextScanner s : scanners) {
        Set<Integer> found = new TreeSet<>();
        boolean complete = s.scanAscii(text, found::add);
        assertThat(complete).as("text %s", text).isEqualTo(text.chars().allMatch(c -> c < 0x80));
        if (complete) {
          assertThat(found).as("text %s, strings %s", text, patterns).isEqualTo(expected);
        }
        Set<Integer> folded = new TreeSet<>();
        s.scan(CaseFold.fold(text), folded::add);
        assertThat(folded).as("fold of %s, strings %s", text, patterns).isEqualTo(expected);
      }
    }
  }

  /** Gateway values pass none of the web keyword pairs; a keyword in any case passes. */
  @Test
  void typical_values_are_kept_from_the_scanner() {
    List<String> keywords =
        List.of("={{", "=${", "${jndi:ldap:/", ".git/", "union select", "@@version");
    BigramGate gate = (BigramGate) BigramGate.of(keywords, new AhoCorasick(keywords));
    for (String v :
        List.of(
            "2025-06-17T00:00:03.179Z", "118.235.57.178", "success", "/api/v1/members/1000085")) {
      assertThat(gate.passes(v)).as(v).isFalse();
    }
    for (String v : List.of("q=${x}", "/repo/.GIT/config", "1 UNION SELECT 2", "a@@VERSION")) {
      assertThat(gate.passes(v)).as(v).isTrue();
    }
    // a single character cannot hold a pair, and a string of one gives no gate at all
    assertThat(BigramGate.of(List.of("a", "bc"), new AhoCorasick(List.of("a", "bc"))))
        .isInstanceOf(AhoCorasick.class);
  }
}
