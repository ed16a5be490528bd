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
}
