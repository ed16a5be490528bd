package dev.haechi.resilience.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {
  private static final String ZONES =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: z1}
      spec: {site: s1}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: z2}
      spec: {site: s1}
      """;

  @Test
  void reference_without_namespace_takes_the_namespace_of_the_referring_entity() {
    Catalog c =
        CatalogLoader.load(
                Map.of(
                    "zones.yaml",
                    ZONES,
                    "shop.yaml",
                    """
                    apiVersion: backstage.io/v1alpha1
                    kind: Component
                    metadata: {name: web, namespace: shop}
                    spec: {type: service, dependsOn: [resource:db]}
                    ---
                    apiVersion: backstage.io/v1alpha1
                    kind: Resource
                    metadata: {name: db, namespace: shop}
                    spec: {type: database}
                    """))
            .catalog();
    Workload web = c.workload(new EntityRef("component", "shop", "web")).orElseThrow();
    assertThat(web.dependsOn()).containsExactly(new EntityRef("resource", "shop", "db"));
  }

  @Test
  void references_compare_kinds_and_names_case_insensitively() {
    assertThat(EntityRef.parse("Resource:Default/GOV24-db", null, "default"))
        .isEqualTo(EntityRef.parse("resource:default/gov24-db", null, "default"));
    assertThat(EntityRef.parse("db", "resource", "ops").toString()).isEqualTo("resource:ops/db");
  }

  @Test
  void dependency_without_a_kind_is_refused_because_backstage_requires_one_there() {
    assertThatThrownBy(
            () ->
                CatalogLoader.load(
                    Map.of(
                        "a.yaml",
                        """
                        apiVersion: backstage.io/v1alpha1
                        kind: Component
                        metadata: {name: web}
                        spec:
                          dependsOn:
                            - db
                        """)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("a.yaml:6")
        .hasMessageContaining("needs a kind");
  }

  @Test
  void dependency_of_makes_the_named_entity_depend_on_the_declaring_one() {
    Catalog c =
        CatalogLoader.load(
                Map.of(
                    "a.yaml",
                    """
                    apiVersion: backstage.io/v1alpha1
                    kind: Resource
                    metadata: {name: db}
                    spec: {type: database, dependencyOf: [component:default/web]}
                    ---
                    apiVersion: backstage.io/v1alpha1
                    kind: Component
                    metadata: {name: web}
                    spec: {type: service}
                    """))
            .catalog();
    assertThat(c.workload(EntityRef.of("component", "web")).orElseThrow().dependsOn())
        .containsExactly(EntityRef.of("resource", "db"));
  }

  @Test
  void every_problem_of_a_failing_catalog_is_in_one_exception_and_nothing_is_returned() {
    Map<String, String> files =
        Map.of(
            "zones.yaml",
            ZONES,
            "a.yaml",
            """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: web
              annotations: {haechi.dev/placement: "z9:active", haechi.dev/grade: "0"}
            spec: {dependsOn: [resource:default/nope]}
            """);
    // resource:default/nope is outside the catalog: a warning (kept as external), not a problem.
    assertThatThrownBy(() -> CatalogLoader.load(files))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> {
              assertThat(e.problems()).hasSize(2);
              assertThat(e.source()).isEqualTo("a.yaml");
              assertThat(e.line()).isEqualTo(5);
              assertThat(e.getMessage())
                  .contains("grade '0'")
                  .contains("unknown zone 'z9'")
                  .doesNotContain("resource:default/nope");
            });
  }

  @Test
  void annotations_become_grades_targets_placements_and_efforts() {
    Catalog c =
        CatalogLoader.load(
                Map.of(
                    "zones.yaml",
                    ZONES,
                    "a.yaml",
                    """
                    apiVersion: backstage.io/v1alpha1
                    kind: Resource
                    metadata:
                      name: db
                      annotations:
                        haechi.dev/grade: "1"
                        haechi.dev/rto: PT4H
                        haechi.dev/rpo: "0"
                        haechi.dev/placement: "z1:primary, z2:replica-async"
                        haechi.dev/restore-effort: "1.5"
                        haechi.dev/replica-lag: 30s
                        haechi.dev/public-name: Gov24 database
                    ---
                    apiVersion: haechi.dev/v1alpha1
                    kind: Backup
                    metadata: {name: db-daily}
                    spec: {of: db, zone: z2, interval: 1d, lastSuccess: 2025-09-26}
                    """))
            .catalog();
    Workload db = c.workload(EntityRef.of("resource", "db")).orElseThrow();
    assertThat(db.grade()).isEqualTo(1);
    assertThat(db.rto()).isEqualTo(Duration.ofHours(4));
    assertThat(db.rpo()).isEqualTo(Duration.ZERO);
    assertThat(db.placements())
        .containsExactly(
            new Placement("z1", Role.PRIMARY), new Placement("z2", Role.REPLICA_ASYNC));
    assertThat(db.restoreEffort()).isEqualTo(Duration.ofMinutes(90));
    assertThat(db.replicaLag()).isEqualTo(Duration.ofSeconds(30));
    assertThat(db.publicName()).isEqualTo("Gov24 database");
    assertThat(db.source().at("haechi.dev/placement")).isEqualTo("a.yaml:9");
    Backup b = c.backupsOf(db.ref()).get(0);
    assertThat(b.lastSuccess()).isEqualTo(Instant.parse("2025-09-26T00:00:00Z"));
    assertThat(b.interval()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void loaded_catalog_cannot_be_changed() {
    Catalog c = CatalogLoader.load(Map.of("zones.yaml", ZONES)).catalog();
    assertThatThrownBy(() -> c.zones().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void missing_catalog_directory_is_an_input_error_naming_it() {
    assertThatThrownBy(() -> CatalogLoader.load(Path.of("/no/such/catalog")))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("/no/such/catalog");
  }

  @Test
  void document_that_is_not_a_mapping_is_skipped_with_its_line() {
    LoadedCatalog loaded = CatalogLoader.load(Map.of("a.yaml", ZONES + "---\n- just\n- a list\n"));
    assertThat(loaded.report().skippedFiles())
        .extracting(CatalogProblem::toString)
        .containsExactly("a.yaml:15: not a catalog entity (a YAML list): skipped");
    assertThat(loaded.catalog().zones()).hasSize(2);
  }

  @Test
  void duplicate_entity_names_both_files() {
    String web =
        """
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: web}
        spec: {type: service}
        """;
    assertThatThrownBy(() -> CatalogLoader.load(Map.of("a.yaml", web, "team/b.yaml", web)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("team/b.yaml")
        .hasMessageContaining("duplicate component:default/web, first defined at a.yaml:1");
  }

  @Test
  void a_document_with_a_kind_but_no_api_version_is_an_error_not_a_skip() {
    assertThatThrownBy(
            () -> CatalogLoader.load(Map.of("a.yaml", "kind: Component\nmetadata: {name: web}\n")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("apiVersion");
  }

  @Test
  void a_syntax_error_in_a_file_that_declares_entities_is_refused_not_skipped() {
    assertThatThrownBy(
            () ->
                CatalogLoader.load(
                    Map.of(
                        "a.yaml",
                        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: [\n")))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("YAML syntax error");
  }

  @Test
  void an_external_dependency_is_taken_to_be_running_in_a_simulation() {
    LoadedCatalog loaded =
        CatalogLoader.load(
            Map.of(
                "zones.yaml",
                ZONES,
                "web.yaml",
                """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: web
                  annotations: {haechi.dev/placement: "z1:active"}
                spec: {type: service, dependsOn: [component:payments/ledger]}
                """));
    assertThat(loaded.report().externalRefs())
        .containsExactly(new EntityRef("component", "payments", "ledger"));
    Workload web = loaded.catalog().workload(new EntityRef("component", "default", "web")).get();
    assertThat(web.dependsOn()).isEmpty();
    var result =
        new dev.haechi.resilience.simulation.Simulator(
                dev.haechi.resilience.graph.CatalogGraph.compile(loaded.catalog()))
            .run(
                new dev.haechi.resilience.simulation.Scenario(
                    java.util.List.of(dev.haechi.resilience.simulation.Loss.parse("zone:z2")),
                    dev.haechi.resilience.simulation.Event.FIRE,
                    Instant.parse("2025-09-26T00:00:00Z")))
            .toResult();
    assertThat(result.stopped()).isEmpty();
  }

  @Test
  void simulating_a_catalog_without_zones_says_the_catalog_has_none() {
    LoadedCatalog loaded =
        CatalogLoader.load(
            Path.of("src/test/resources/fixtures/backstage-examples/catalog").toAbsolutePath());
    var sim =
        new dev.haechi.resilience.simulation.Simulator(
            dev.haechi.resilience.graph.CatalogGraph.compile(loaded.catalog()));
    var scenario =
        new dev.haechi.resilience.simulation.Scenario(
            java.util.List.of(dev.haechi.resilience.simulation.Loss.parse("zone:dj-5f-r7")),
            dev.haechi.resilience.simulation.Event.FIRE,
            Instant.parse("2025-09-26T00:00:00Z"));
    assertThatThrownBy(() -> sim.run(scenario))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("the catalog has no zones, sites or power assets");
  }
}
