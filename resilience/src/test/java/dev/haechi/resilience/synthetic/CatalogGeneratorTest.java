package dev.haechi.resilience.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogGeneratorTest {
  @Test
  void generated_catalog_loads_cleanly_with_the_requested_size(@TempDir Path dir) {
    CatalogShape shape = new CatalogShape(3, 40, 6_000, 30_000, 7);
    CatalogGenerator.writeTo(dir, shape);
    LoadedCatalog loaded = CatalogLoader.load(dir);
    CatalogGraph g = CatalogGraph.compile(loaded.catalog());
    assertThat(loaded.report().warnings()).isEmpty();
    assertThat(g.workloadCount()).isEqualTo(6_000);
    assertThat(g.zoneCount()).isEqualTo(40);
    assertThat(g.siteCount()).isEqualTo(3);
    assertThat(g.dependencies().targets()).hasSize(30_000);
  }

  @Test
  void same_shape_and_seed_give_the_same_catalog() {
    CatalogShape shape = new CatalogShape(2, 5, 50, 100, 11);
    assertThat(CatalogGenerator.yaml(shape)).isEqualTo(CatalogGenerator.yaml(shape));
  }
}
