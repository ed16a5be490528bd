package dev.haechi.resilience.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.EntityRef;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The capped single-pass count of grade-1 dependents must flag exactly the entities a plain
 * breadth-first search over dependents flags, and give the same count up to the cap.
 */
class DependencySpofTest {

  @Property(tries = 60)
  void capped_sets_flag_the_same_entities_with_the_same_counts_as_a_full_search(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long seed,
      @ForAll @IntRange(min = 2, max = 80) int workloads,
      @ForAll @IntRange(min = 0, max = 200) int edges) {
    Catalog catalog =
        CatalogLoader.load(CatalogGenerator.yaml(new CatalogShape(1, 4, workloads, edges, seed)))
            .catalog();
    Map<String, String> expected = new HashMap<>();
    for (Workload x : catalog.workloads()) {
      int count = grade1Dependents(catalog, x.ref());
      if (count >= DependencySpof.SEVERAL) {
        expected.put(
            x.ref().toString(),
            count > DependencySpof.CAP ? "more than " + DependencySpof.CAP : "" + count);
      }
    }
    List<Finding> findings =
        new DependencySpof()
            .findings(
                new RiskContext(CatalogGraph.compile(catalog), LocalDate.parse("2025-09-01")));
    Map<String, String> actual = new HashMap<>();
    for (Finding f : findings) {
      String title = f.title();
      String count =
          title.substring(title.indexOf(" stops ") + 7, title.indexOf(" grade-1 services"));
      actual.put(f.subject().get("entity"), count);
    }
    assertThat(actual).isEqualTo(expected);
  }

  private static int grade1Dependents(Catalog catalog, EntityRef start) {
    Set<EntityRef> seen = new HashSet<>();
    Deque<EntityRef> queue = new ArrayDeque<>(List.of(start));
    int grade1 = 0;
    while (!queue.isEmpty()) {
      EntityRef r = queue.poll();
      for (Workload w : catalog.workloads()) {
        if (w.dependsOn().contains(r) && seen.add(w.ref())) {
          queue.add(w.ref());
          if (w.grade() == 1) {
            grade1++;
          }
        }
      }
    }
    return grade1;
  }
}
