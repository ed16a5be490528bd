package dev.haechi.resilience.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final Instant AT = Instant.parse("2025-09-26T11:20:00Z");
  private static final String CATALOG =
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
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-a}
      spec: {type: ups, zone: z2, feeds: [z1]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-b}
      spec: {type: generator, zone: z2, feeds: [z1]}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: web
        annotations: {haechi.dev/grade: "1", haechi.dev/placement: "z1:active, z1:standby"}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: db
        annotations: {haechi.dev/placement: "z1:primary, z2:replica-async"}
      """;

  private final Simulator simulator =
      new Simulator(CatalogGraph.compile(CatalogLoader.load(Map.of("c.yaml", CATALOG)).catalog()));

  @Test
  void zone_with_two_power_feeders_keeps_running_when_one_is_lost() {
    SimulationResult r =
        simulator.run(new Scenario(List.of(Loss.parse("asset:ups-a")), Event.POWER, AT)).toResult();
    assertThat(r.stopped()).isEmpty();
  }

  @Test
  void zone_stops_when_every_power_feeder_is_lost() {
    SimulationResult r =
        simulator
            .run(
                new Scenario(
                    List.of(Loss.parse("asset:ups-a"), Loss.parse("asset:ups-b")), Event.POWER, AT))
            .toResult();
    assertThat(r.stopped()).containsExactly("component:default/web");
    assertThat(r.destroyed()).isEmpty();
  }

  @Test
  void standby_in_the_same_zone_does_not_survive_a_fire_there() {
    SimulationResult r =
        simulator.run(new Scenario(List.of(Loss.parse("zone:z1")), Event.FIRE, AT)).toResult();
    assertThat(r.stopped()).containsExactly("component:default/web");
    assertThat(r.dataLoss())
        .containsExactly(new DataLoss("resource:default/db", "15m")); // default replica lag
    assertThat(r.summary().byGrade().get("1").stopped()).isEqualTo(1);
  }

  @Test
  void fire_at_an_asset_burns_its_zone_and_stops_the_zones_left_without_power() {
    SimulationResult r =
        simulator.run(new Scenario(List.of(Loss.parse("asset:ups-a")), Event.FIRE, AT)).toResult();
    assertThat(r.destroyed())
        .containsExactly(
            "powerasset:default/ups-a", "powerasset:default/ups-b", "resource:default/db");
    // z1 has lost both feeders; db's replica burned with z2 and its primary in z1 has no power,
    // but the primary's data survives, so nothing is lost.
    assertThat(r.stopped()).containsExactly("component:default/web", "resource:default/db");
    assertThat(r.dataLoss()).isEmpty();
  }

  @Test
  void losing_an_unknown_zone_is_an_input_error_naming_it() {
    assertThatThrownBy(
            () -> simulator.run(new Scenario(List.of(Loss.parse("zone:z9")), Event.FIRE, AT)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("unknown zone 'z9'");
  }

  @Test
  void loss_and_event_texts_are_checked() {
    assertThatThrownBy(() -> Loss.parse("room:z1")).hasMessageContaining("zone:NAME");
    assertThatThrownBy(() -> Event.parse("flood")).hasMessageContaining("fire, power or cooling");
    assertThat(Loss.parse("site:daejeon")).isEqualTo(new Loss(LossKind.SITE, "daejeon"));
  }
}
