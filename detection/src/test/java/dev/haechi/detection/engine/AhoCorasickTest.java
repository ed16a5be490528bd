package dev.haechi.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The automaton reports exactly the patterns {@code String.contains} finds. */
class AhoCorasickTest {
  @Property(tries = 300)
  void automaton_finds_exactly_the_patterns_the_text_contains(
      @ForAll @Size(min = 1, max = 12)
          List<@StringLength(min = 1, max = 4) @CharRange(from = 'a', to = 'd') String> patterns,
      @ForAll @StringLength(max = 40) @CharRange(from = 'a', to = 'e') String text) {
    AhoCorasick ac = new AhoCorasick(patterns);
    Set<Integer> found = new TreeSet<>();
    ac.scan(text, found::add);
    Set<Integer> expected = new TreeSet<>();
    for (int i = 0; i < patterns.size(); i++) {
      if (text.contains(patterns.get(i))) {
        expected.add(i);
      }
    }
    assertThat(found).isEqualTo(expected);
  }

  @Property(tries = 100)
  void non_ascii_text_and_patterns_are_matched_too(
      @ForAll @Size(min = 1, max = 6)
          List<@StringLength(min = 1, max = 3) @CharRange(from = '\u00e0', to = '\u00e3') String>
              patterns,
      @ForAll @StringLength(max = 30) @CharRange(from = '\u00e0', to = '\u00e4') String text) {
    AhoCorasick ac = new AhoCorasick(patterns);
    Set<Integer> found = new TreeSet<>();
    ac.scan(text, found::add);
    for (int i = 0; i < patterns.size(); i++) {
      assertThat(found.contains(i)).isEqualTo(text.contains(patterns.get(i)));
    }
  }
}
