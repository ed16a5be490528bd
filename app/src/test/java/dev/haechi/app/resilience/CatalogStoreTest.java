package dev.haechi.app.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.app.store.StoreFixture;
import dev.haechi.app.store.TestDatabases;
import dev.haechi.resilience.catalog.CatalogException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** Catalogs kept in the store with history, on H2 and PostgreSQL. */
class CatalogStoreTest {
  static final String SITE_AND_ZONE =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: daejeon}
      spec: {region: KR-30}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: dj-5f-r7}
      spec: {site: daejeon, type: room}
      """;

  static String component(String name, int grade, String dependsOn) {
    return """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: %s
          annotations:
            haechi.dev/grade: "%d"
            haechi.dev/placement: dj-5f-r7:active
        spec:
          type: service
          owner: team-a
          lifecycle: production
          dependsOn: [%s]
        """
        .formatted(name, grade, dependsOn);
  }

  static List<StoreFixture> stores() throws Exception {
    List<StoreFixture> out = new ArrayList<>();
    for (var target : TestDatabases.fresh()) {
      out.add(StoreFixture.migrated(target));
    }
    return out;
  }

  static CatalogStore catalogStore(StoreFixture store) {
    return new CatalogStore(
        store.jdbc(), JsonMapper.builder().build(), store.auditLog(), event -> {});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void each_import_is_a_version_that_records_what_changed_and_who_imported_it(StoreFixture store) {
    CatalogStore catalogs = catalogStore(store);
    var v1 =
        catalogs.importCatalog(
            "alice",
            "gov",
            "git:catalog@1",
            Map.of(
                "sites.yaml", SITE_AND_ZONE,
                "gov24.yaml", component("gov24", 1, ""),
                "mail.yaml", component("mail", 3, "")));
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.changes().added()).contains("component:default/gov24", "zone:dj-5f-r7");

    var v2 =
        catalogs.importCatalog(
            "bob",
            "gov",
            "git:catalog@2",
            Map.of(
                "sites.yaml", SITE_AND_ZONE,
                "gov24.yaml", component("gov24", 2, ""),
                "tax.yaml", component("tax", 1, "component:default/gov24")));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.importedBy()).isEqualTo("bob");
    assertThat(v2.changes().added()).containsExactly("component:default/tax");
    assertThat(v2.changes().removed()).containsExactly("component:default/mail");
    assertThat(v2.changes().changed()).containsExactly("component:default/gov24");

    assertThat(catalogs.history("gov")).extracting(CatalogVersion::version).containsExactly(2, 1);
    assertThat(catalogs.latest("gov").orElseThrow().loaded().catalog().workloads()).hasSize(2);
    assertThat(store.auditLog().page(0, 5))
        .extracting(r -> r.action() + " " + r.target())
        .contains("resilience.catalog-imported catalog:gov@2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void an_invalid_catalog_is_refused_with_its_problems_and_nothing_is_stored(StoreFixture store) {
    CatalogStore catalogs = catalogStore(store);
    catalogs.importCatalog(
        "alice", "gov", "v1", Map.of("sites.yaml", SITE_AND_ZONE, "a.yaml", component("a", 1, "")));
    assertThatThrownBy(
            () ->
                catalogs.importCatalog(
                    "alice",
                    "gov",
                    "v2",
                    Map.of(
                        "sites.yaml",
                        SITE_AND_ZONE,
                        "a.yaml",
                        component("a", 1, "component:default/a"))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("a.yaml")
        .hasMessageContaining("dependency cycle");
    assertThat(catalogs.history("gov")).hasSize(1);
    assertThat(store.jdbc().queryForObject("SELECT COUNT(*) FROM catalog_file", Integer.class))
        .isEqualTo(2);
  }
}
