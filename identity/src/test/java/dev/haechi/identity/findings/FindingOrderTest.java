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
              "title " + random.nextInt(titles) + (random.nextInt(5) == 0 ? " é" : ""),
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
    // Buckets cut into small slices, sorted apart and merged, give the same order.
    int slice = 1 + random.nextInt(64);
    List<Finding> sliced = new ArrayList<>();
    for (int i : FindingOrder.sortedRows(rows, slice)) {
      sliced.add(rows.render(i, null));
    }
    assertThat(sliced).as("slices of %d", slice).isEqualTo(ordered);
  }
}
