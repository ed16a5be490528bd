package dev.haechi.identity.findings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.core.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class FindingOrderTest {

  @Property(tries = 300)
  void bucketed_sort_gives_exactly_the_stable_three_key_sort(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int count) {
    Random random = new Random(seed);
    String[] types = {"orphan-account", "dormant-account", "leaver-active-account", "key-custody"};
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      findings.add(
          new Finding(
              // an equal type that is not the same object must land in the same bucket
              random.nextBoolean()
                  ? types[random.nextInt(types.length)]
                  : new String(types[random.nextInt(types.length)]),
              Severity.values()[random.nextInt(Severity.values().length)],
              "title " + random.nextInt(6),
              Map.of("account", "a" + i),
              List.of(),
              "found " + i));
    }

    assertThat(FindingOrder.sorted(findings)).isEqualTo(FindingOrder.reference(findings));
  }

  /**
   * The column order ({@link FindingOrder#sortedRows}: buckets, titles made per bucket, a merge
   * sort of indexes) gives exactly the stable three-key sort, on buckets large enough to merge.
   */
  @Property(tries = 200)
  void row_order_gives_exactly_the_stable_three_key_sort(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 3000) int count) {
    Random random = new Random(seed);
    String[] types = {"orphan-account", "dormant-account", "leaver-active-account"};
    int titles = 1 + random.nextInt(count / 4 + 2);
    List<Finding> findings = new ArrayList<>();
    PendingRows rows = new PendingRows(null, null, 0);
    for (int i = 0; i < count; i++) {
      Finding f =
          new Finding(
              new String(types[random.nextInt(types.length)]),
              Severity.values()[random.nextInt(Severity.values().length)],
              "title "
                  + random.nextInt(titles)
                  + (random.nextInt(5) == 0 ? " é" : "")
                  // Now and then a title that is not Latin-1: its bucket is sorted as strings.
                  + (random.nextInt(400) == 0 ? " Ω" : ""),
              Map.of("account", "a" + i),
              List.of(),
              "found " + i);
      findings.add(f);
      rows.add(f);
    }

    List<Finding> ordered = new ArrayList<>();
    for (int i : FindingOrder.sortedRows(rows)) {
      ordered.add(rows.render(i, null));
    }
    assertThat(ordered).isEqualTo(FindingOrder.reference(findings));
  }

  /**
   * Latin-1 titles as bytes order exactly as the strings do: unsigned bytes, a proper prefix first,
   * characters 0x00-0xFF (control characters, space, é, ÿ) and long common prefixes.
   */
  @Property(tries = 300)
  void latin1_keys_order_as_strings_do(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 2000) int count) {
    Random random = new Random(seed);
    String[] prefixes = {"", "sys1 account u1", "sys10 account u", "Privileged sys1 account "};
    String[] titles = new String[count];
    for (int j = 0; j < count; j++) {
      StringBuilder t = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
      int extra = random.nextInt(4);
      for (int k = 0; k < extra; k++) {
        int pick = random.nextInt(4);
        t.append(
            (char)
                (pick == 0
                    ? random.nextInt(0x100)
                    : pick == 1 ? ' ' + random.nextInt(3) : '0' + random.nextInt(3)));
      }
      titles[j] = t.toString();
    }
    FindingOrder.Latin1Keys keys = FindingOrder.Latin1Keys.of(count, j -> titles[j]);
    assertThat(keys).isNotNull();
    int[] byBytes = new int[count];
    int[] byStrings = new int[count];
    for (int j = 0; j < count; j++) {
      byBytes[j] = j;
      byStrings[j] = j;
    }
    keys.mergeSort(byBytes, new int[count], 0, count);
    FindingOrder.mergeSort(byStrings, new int[count], 0, count, titles);
    assertThat(byBytes).containsExactly(byStrings);
    for (int k = 0; k < 50 && count > 0; k++) {
      int i = random.nextInt(count);
      int j = random.nextInt(count);
      assertThat(Integer.signum(keys.compare(i, j)))
          .isEqualTo(Integer.signum(titles[i].compareTo(titles[j])));
    }
    assertThat(FindingOrder.Latin1Keys.of(1, j -> "Ω")).isNull();
  }
}
