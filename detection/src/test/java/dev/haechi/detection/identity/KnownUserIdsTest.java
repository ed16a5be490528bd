package dev.haechi.detection.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The compact ID space agrees with a plain set of strings (its naive twin). */
class KnownUserIdsTest {
  @Property(tries = 200)
  void membership_agrees_with_a_plain_set(
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5_000) Integer> explicit,
      @ForAll @IntRange(min = 0, max = 4_000) int first,
      @ForAll @IntRange(min = 0, max = 1_000) int count,
      @ForAll @Size(max = 50) List<@IntRange(min = 0, max = 6_000) Integer> probes) {
    KnownUserIds.Builder b = KnownUserIds.builder().range(first, count);
    Set<String> naive = new HashSet<>();
    for (int i = first; i < first + count; i++) {
      naive.add(Integer.toString(i));
    }
    for (int id : explicit) {
      b.add(Integer.toString(id));
      naive.add(Integer.toString(id));
    }
    b.add("m-" + first);
    naive.add("m-" + first);
    KnownUserIds ids = b.build();
    for (int p : probes) {
      String s = Integer.toString(p);
      assertThat(ids.contains(s)).as(s).isEqualTo(naive.contains(s));
      assertThat(ids.contains("0" + s)).as("0" + s).isEqualTo(naive.contains("0" + s));
    }
    assertThat(ids.contains("m-" + first)).isTrue();
  }
}
