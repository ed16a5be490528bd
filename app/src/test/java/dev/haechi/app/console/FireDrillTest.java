package dev.haechi.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.Simulator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fire drill's result as the console shows it. */
class FireDrillTest {
  private static final String SITES =
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
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: dj-5f-r8}
      spec: {site: daejeon, type: room}
      """;

  /**
   * As in the demo government: each database has no public name of its own and belongs to the
   * agency's shared system, not to the public service that stores its data in it.
   */
  private static final String SYSTEMS =
      """
      apiVersion: backstage.io/v1alpha1
      kind: Group
      metadata: {name: mois}
      spec: {type: team, children: []}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: System
      metadata: {name: mois-services}
      spec: {owner: group:default/mois}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: gov24
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/placement: dj-5f-r8:active
          haechi.dev/public-name: 정부24
      spec:
        type: website
        lifecycle: production
        owner: mois
        system: mois-services
        dependsOn: [resource:default/gov24-db]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: mois-portal
        annotations:
          haechi.dev/grade: "2"
          haechi.dev/placement: dj-5f-r8:active
          haechi.dev/public-name: 행정안전부 누리집
      spec:
        type: website
        lifecycle: production
        owner: mois
        system: mois-services
        dependsOn: [component:default/gov24]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: mois-batch
        annotations:
          haechi.dev/grade: "3"
          haechi.dev/placement: dj-5f-r8:active
      spec:
        type: service
        lifecycle: production
        owner: mois
        system: mois-services
        dependsOn: [resource:default/shared-db]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: minwon
        annotations:
          haechi.dev/grade: "2"
          haechi.dev/placement: dj-5f-r8:active
          haechi.dev/public-name: 민원24
      spec:
        type: website
        lifecycle: production
        owner: mois
        system: mois-services
        dependsOn: [component:default/mois-batch]
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: gov24-db
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/placement: dj-5f-r7:primary
      spec: {type: database, owner: mois, system: mois-services}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: shared-db
        annotations:
          haechi.dev/grade: "3"
          haechi.dev/placement: dj-5f-r7:primary
      spec: {type: database, owner: mois, system: mois-services}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: scratch-db
        annotations:
          haechi.dev/grade: "4"
          haechi.dev/placement: dj-5f-r7:primary
      spec: {type: database, owner: mois, system: mois-services}
      """;

  @Test
  void data_lost_names_the_public_services_that_store_their_data_there() {
    var catalog =
        CatalogLoader.load(Map.of("sites.yaml", SITES, "systems.yaml", SYSTEMS)).catalog();
    var outcome =
        new Simulator(CatalogGraph.compile(catalog))
            .run(
                new Scenario(
                    List.of(Loss.parse("zone:dj-5f-r7")),
                    Event.parse("fire"),
                    Instant.parse("2025-09-26T11:15:00Z")))
            .toResult();
    FireDrill drill = FireDrill.of(catalog, "dj-5f-r7", "dj-5f-r7", "fire", outcome);
    Map<String, FireDrill.LostData> lost =
        drill.lost().stream()
            .collect(Collectors.toMap(FireDrill.LostData::system, Function.identity()));
    assertThat(lost).containsKeys("resource:default/gov24-db", "resource:default/shared-db");
    // the database's own public service, not the services that in turn depend on that one
    assertThat(lost.get("resource:default/gov24-db").publicServices()).containsExactly("정부24");
    assertThat(lost.get("resource:default/gov24-db").publicName()).isEqualTo("정부24");
    // through a system without a public name to the public service above it
    assertThat(lost.get("resource:default/shared-db").publicServices()).containsExactly("민원24");
    // nothing public stores data there: empty, never "null"
    assertThat(lost.get("resource:default/scratch-db").publicName()).isEmpty();
  }
}
