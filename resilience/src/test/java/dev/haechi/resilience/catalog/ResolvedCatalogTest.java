package dev.haechi.resilience.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.synthetic.CatalogGenerator;
import dev.haechi.resilience.synthetic.CatalogShape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 5: the loader hands the catalog its dependencies already resolved to positions (so
 * the graph compile does not look a million references up again), and the graph keeps the catalog's
 * order as text order when it is one. Both agree with working it out from scratch: the dependency
 * positions with {@link Catalog#of} (which resolves them itself), the text order with a sort.
 */
class ResolvedCatalogTest {

  static void assertAgrees(LoadedCatalog loaded) {
    Catalog c = loaded.catalog();
    Catalog plain =
        Catalog.of(
            c.workloads(),
            c.sites(),
            c.zones(),
            c.powerAssets(),
            c.backups(),
            c.systems(),
            c.groups());
    assertThat(c.dependencyIndex()).isDeepEqualTo(plain.dependencyIndex());
    List<Workload> ws = List.copyOf(c.workloads());
    int[][] d = c.dependencyIndex();
    for (int i = 0; i < ws.size(); i++) {
      assertThat(d[i].length).isEqualTo(ws.get(i).dependsOn().size());
      for (int k = 0; k < d[i].length; k++) {
        assertThat(ws.get(d[i][k]).ref()).isEqualTo(ws.get(i).dependsOn().get(k));
      }
    }
    CatalogGraph g = CatalogGraph.compile(c);
    CatalogGraph h = CatalogGraph.compile(plain);
    assertThat(g.dependencies().start()).isEqualTo(h.dependencies().start());
    assertThat(g.dependencies().targets()).isEqualTo(h.dependencies().targets());
    assertThat(g.dependents().targets()).isEqualTo(h.dependents().targets());
    int[] sorted =
        IntStream.range(0, g.workloadCount())
            .boxed()
            .sorted(Comparator.comparing(g::refText))
            .mapToInt(Integer::intValue)
            .toArray();
    assertThat(g.textOrder()).isEqualTo(sorted);
  }

  @Property(tries = 30)
  void generated_catalogs(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
    Map<String, String> files =
        CatalogGenerator.yaml(new CatalogShape(2, 10, 40, 120 + (int) (seed % 200), seed));
    assertAgrees(CatalogLoader.load(files));
  }

  @Test
  void names_in_mixed_case_external_references_and_dependency_of() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put(
        "a.yaml",
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: Zeta}
        spec:
          dependsOn: [Resource:default/DB, component:other/api, resource:default/alpha]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata: {name: DB}
        spec:
          dependencyOf: [component:default/beta, component:default/nowhere]
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Resource
        metadata: {name: alpha}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: beta}
        spec:
          dependsOn: [resource:default/alpha]
        """);
    LoadedCatalog loaded = CatalogLoader.load(files);
    assertAgrees(loaded);
    CatalogGraph g = CatalogGraph.compile(loaded.catalog());
    // names in mixed case: reference order (lower case) is not text order here
    assertThat(Arrays.stream(g.textOrder()).mapToObj(g::refText).toList())
        .containsExactly(
            "component:default/Zeta",
            "component:default/beta",
            "resource:default/DB",
            "resource:default/alpha");
  }
}
