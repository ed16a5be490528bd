package dev.haechi.resilience.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogException;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.recovery.AssetWaits;
import dev.haechi.resilience.recovery.Crew;
import dev.haechi.resilience.recovery.EffortRule;
import dev.haechi.resilience.recovery.PlanOutcome;
import dev.haechi.resilience.recovery.PlannerOptions;
import dev.haechi.resilience.recovery.RestorationPlan;
import dev.haechi.resilience.recovery.RestorationPlanner;
import dev.haechi.resilience.recovery.RestorationProblem;
import dev.haechi.resilience.recovery.RestorationTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The NIRS cascade, rule by rule (issue 14 item 4), on one hand-built data hall; each scenario is
 * run by the fast simulator and by its naive twin, which must agree.
 *
 * <p>The hall: floor {@code f5} holds rooms {@code r7} and {@code r8}; the battery room {@code b1}
 * holds {@code ups-a}, which powers both rooms and the roof; {@code ups-r7} (in {@code c2}) powers
 * {@code r7} as well; the chiller on the {@code roof} cools both rooms. {@code app} runs in r7,
 * {@code db} in r8 (its backups in the vault), {@code patch-panel} on the floor itself.
 */
class CascadeRulesTest {
  static final Instant AT = Instant.parse("2025-09-26T11:20:00Z");
  static final String HALL =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: dj}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: f5}
      spec: {site: dj, type: floor}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: r7}
      spec: {site: dj, type: room, parent: f5}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: r8}
      spec: {site: dj, type: room, parent: f5}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: b1}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: c2}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: roof}
      spec: {site: dj, type: roof}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: vault}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-a}
      spec: {type: ups-battery, chemistry: li-ion-ncm, zone: b1, feeds: [r7, r8, roof, b1]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-r7}
      spec: {type: ups, zone: c2, feeds: [r7]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: chiller}
      spec: {type: cooling, zone: roof, feeds: [r7, r8]}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: app
        annotations: {haechi.dev/grade: "1", haechi.dev/placement: "r7:active"}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: db
        annotations: {haechi.dev/grade: "1", haechi.dev/placement: "r8:primary"}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: patch-panel
        annotations: {haechi.dev/grade: "3", haechi.dev/placement: "f5:active"}
      """;

  static SimulationResult both(String catalogText, Event event, String... losses) {
    Catalog catalog = CatalogLoader.load(Map.of("hall.yaml", catalogText)).catalog();
    Scenario s = new Scenario(List.of(losses).stream().map(Loss::parse).toList(), event, AT);
    SimulationResult fast = new Simulator(CatalogGraph.compile(catalog)).run(s).toResult();
    assertThat(fast)
        .as("fast and naive agree on %s", s)
        .isEqualTo(new NaiveSimulator(catalog).run(s));
    return fast;
  }

  static SimulationResult both(Event event, String... losses) {
    return both(HALL, event, losses);
  }

  @Test
  void
      fire_in_the_ups_room_stops_the_chiller_it_powers_and_with_it_the_cooling_of_a_powered_room() {
    // r7 keeps power (ups-r7), but the roof loses its only feeder, so the chiller stops and r7
    // overheats: app stops although its room still has power
    SimulationResult r = both(Event.FIRE, "zone:b1");
    assertThat(r.stopped()).contains("component:default/app", "resource:default/db");
    assertThat(r.destroyed()).containsExactly("powerasset:default/ups-a");
    assertThat(r.stopped()).doesNotContain("component:default/patch-panel");
  }

  @Test
  void power_loss_where_the_chiller_stands_stops_the_cooling_it_gives() {
    SimulationResult r = both(Event.POWER, "zone:roof");
    assertThat(r.stopped()).contains("component:default/app", "resource:default/db");
    assertThat(r.destroyed()).isEmpty();
  }

  @Test
  void a_cooling_loss_where_the_chiller_stands_does_not_stop_it() {
    // the roof overheating is not a power loss: the chiller keeps running
    SimulationResult r = both(Event.COOLING, "zone:roof");
    assertThat(r.stopped()).isEmpty();
  }

  @Test
  void power_loss_of_the_ups_room_stops_the_ups_and_what_it_powers_and_cools_through_the_chiller() {
    SimulationResult r = both(Event.POWER, "zone:b1");
    assertThat(r.stopped()).contains("component:default/app", "resource:default/db");
  }

  @Test
  void losing_a_generator_s_zone_power_does_not_stop_the_generator() {
    String withGenerator =
        HALL
            + """
            ---
            apiVersion: haechi.dev/v1alpha1
            kind: PowerAsset
            metadata: {name: gen}
            spec: {type: generator, zone: b1, feeds: [roof]}
            """;
    // without its UPS the roof still has the generator, so the chiller keeps cooling r7, and
    // r7 has ups-r7: app keeps running; db in r8 lost its only power
    SimulationResult r = both(withGenerator, Event.POWER, "asset:ups-a");
    assertThat(r.stopped()).containsExactly("resource:default/db");
    SimulationResult power = both(withGenerator, Event.POWER, "zone:b1");
    assertThat(power.stopped()).contains("resource:default/db");
  }

  @Test
  void losing_a_floor_loses_every_room_in_it_and_a_fire_in_a_room_does_not_burn_its_floor() {
    SimulationResult floorFire = both(Event.FIRE, "zone:f5");
    assertThat(floorFire.destroyed())
        .containsExactly(
            "component:default/app", "component:default/patch-panel", "resource:default/db");
    SimulationResult floorPower = both(Event.POWER, "zone:f5");
    assertThat(floorPower.stopped())
        .containsExactly(
            "component:default/app", "component:default/patch-panel", "resource:default/db");
    assertThat(floorPower.destroyed()).isEmpty();
    SimulationResult roomFire = both(Event.FIRE, "zone:r8");
    assertThat(roomFire.destroyed()).containsExactly("resource:default/db");
    assertThat(roomFire.stopped()).doesNotContain("component:default/patch-panel");
    SimulationResult floorCooling = both(Event.COOLING, "zone:f5");
    assertThat(floorCooling.stopped()).hasSize(3);
  }

  @Test
  void a_ups_feeding_the_room_it_stands_in_does_not_stop_itself() {
    // ups-a feeds b1, where it stands: nothing is lost, nothing stops
    assertThat(both(Event.POWER, "asset:ups-r7").stopped()).isEmpty();
  }

  @Test
  void a_surviving_backup_without_last_success_is_a_copy_of_unknown_age_not_a_loss_for_good() {
    String backups =
        HALL
            + """
            ---
            apiVersion: haechi.dev/v1alpha1
            kind: Backup
            metadata: {name: db-nightly}
            spec: {of: resource:default/db, zone: vault, interval: 24h}
            """;
    SimulationResult unknown = both(backups, Event.FIRE, "zone:r8");
    assertThat(unknown.dataLoss())
        .containsExactly(new DataLoss("resource:default/db", DataLoss.UNKNOWN));
    assertThat(unknown.summary().dataLostForGood()).isZero();
    // with no copy at all the data is lost for good
    SimulationResult none = both(Event.FIRE, "zone:r8");
    assertThat(none.dataLoss()).containsExactly(new DataLoss("resource:default/db", DataLoss.ALL));
    // a copy with a known success wins over one of unknown age
    String known =
        backups
            + """
            ---
            apiVersion: haechi.dev/v1alpha1
            kind: Backup
            metadata: {name: db-hourly}
            spec: {of: resource:default/db, zone: c2, interval: 1h, lastSuccess: 2025-09-26T10:20:00Z}
            """;
    assertThat(both(known, Event.FIRE, "zone:r8").dataLoss())
        .containsExactly(new DataLoss("resource:default/db", "1h"));
  }

  static RestorationProblem plan(String catalogText, Event event, String... losses) {
    Catalog catalog = CatalogLoader.load(Map.of("hall.yaml", catalogText)).catalog();
    return RestorationProblem.fromSimulation(
        catalog, both(catalogText, event, losses), Crew.count(2));
  }

  static List<String> waits(RestorationProblem p, String system) {
    return p.task(system).orElseThrow().predecessors();
  }

  @Test
  void a_ups_destroyed_by_fire_is_a_task_that_the_systems_in_the_rooms_it_powers_wait_for() {
    // the fire in the battery room takes ups-a: r8 loses power, the roof loses power and with it
    // the chiller, so r7 (still powered by ups-r7) loses cooling; both rooms wait for the UPS
    RestorationProblem p = plan(HALL, Event.FIRE, "zone:b1");
    RestorationTask ups = p.task("powerasset:default/ups-a").orElseThrow();
    assertThat(ups.skill()).isEqualTo(RestorationProblem.SKILL_POWER);
    assertThat(ups.site()).isEqualTo("dj");
    assertThat(ups.effort()).isEqualTo(EffortRule.DEFAULT_RESTORE_EFFORT);
    assertThat(p.effortDefaulted()).contains("powerasset:default/ups-a");
    assertThat(waits(p, "component:default/app")).containsExactly("powerasset:default/ups-a");
    assertThat(waits(p, "resource:default/db")).containsExactly("powerasset:default/ups-a");
    RestorationPlan plan =
        ((PlanOutcome.Planned)
                RestorationPlanner.plan(p, PlannerOptions.withTimeLimit(Duration.ofSeconds(2))))
            .plan();
    Duration upsBack = finish(plan, "powerasset:default/ups-a");
    assertThat(start(plan, "component:default/app")).isGreaterThanOrEqualTo(upsBack);
    assertThat(start(plan, "resource:default/db")).isGreaterThanOrEqualTo(upsBack);
  }

  @Test
  void a_chiller_destroyed_by_fire_is_a_task_that_only_the_rooms_it_cools_wait_for() {
    String effort =
        HALL.replace(
            "metadata: {name: chiller}",
            "metadata: {name: chiller, annotations: {haechi.dev/restore-effort: 36h}}");
    RestorationProblem p = plan(effort, Event.FIRE, "zone:roof");
    RestorationTask chiller = p.task("powerasset:default/chiller").orElseThrow();
    assertThat(chiller.skill()).isEqualTo(RestorationProblem.SKILL_COOLING);
    assertThat(chiller.effort()).isEqualTo(Duration.ofHours(36));
    assertThat(p.effortDefaulted()).doesNotContain("powerasset:default/chiller");
    assertThat(waits(p, "component:default/app")).containsExactly("powerasset:default/chiller");
    assertThat(waits(p, "resource:default/db")).containsExactly("powerasset:default/chiller");
    assertThat(p.task("component:default/patch-panel")).isEmpty();
  }

  @Test
  void a_room_with_a_surviving_feeder_and_a_power_loss_wait_for_no_asset() {
    // a power loss destroys nothing: no asset task, nothing waits
    RestorationProblem power = plan(HALL, Event.POWER, "zone:b1");
    assertThat(power.tasks())
        .extracting(RestorationTask::system)
        .noneMatch(s -> s.startsWith("powerasset:"));
    assertThat(waits(power, "component:default/app")).isEmpty();
    // a fire in c2 takes ups-r7, but r7 still has ups-a: nothing stops, the UPS is still a task
    RestorationProblem fire = plan(HALL, Event.FIRE, "zone:c2");
    assertThat(fire.tasks())
        .extracting(RestorationTask::system)
        .containsExactly("powerasset:default/ups-r7");
  }

  @Test
  void a_system_that_burned_is_restored_elsewhere_and_waits_for_no_asset() {
    // the floor fire burns r7 and r8 (and what runs there): those are restored from copies, not
    // restarted where they stood, so they wait for no UPS or chiller
    RestorationProblem p = plan(HALL, Event.FIRE, "zone:b1", "zone:r8");
    assertThat(waits(p, "resource:default/db")).isEmpty();
    assertThat(waits(p, "component:default/app")).containsExactly("powerasset:default/ups-a");
  }

  private static Duration start(RestorationPlan plan, String system) {
    return plan.tasks().stream()
        .filter(t -> t.system().equals(system))
        .findFirst()
        .orElseThrow()
        .start();
  }

  private static Duration finish(RestorationPlan plan, String system) {
    return plan.tasks().stream()
        .filter(t -> t.system().equals(system))
        .findFirst()
        .orElseThrow()
        .finish();
  }

  /** Two rooms each holding a UPS that powers the hall; both burn. */
  static final String TWO_FEEDERS =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: dj}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: hall}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: ua}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: ub}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-1, annotations: {haechi.dev/restore-effort: 24h}}
      spec: {type: ups, zone: ua, feeds: [hall]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-2, annotations: {haechi.dev/restore-effort: 2h}}
      spec: {type: ups, zone: ub, feeds: [hall]}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: app
        annotations: {haechi.dev/grade: "1", haechi.dev/placement: "hall:active"}
      """;

  /** The fast and naive asset waits of a fire, checked equal. */
  static AssetWaits assetWaits(String catalogText, String... destroyed) {
    Catalog catalog = CatalogLoader.load(Map.of("hall.yaml", catalogText)).catalog();
    AssetWaits fast = AssetWaits.compute(catalog, List.of(destroyed));
    assertThat(fast).isEqualTo(AssetWaits.naive(catalog, List.of(destroyed)));
    return fast;
  }

  @Test
  void a_zone_with_redundant_feeders_all_destroyed_waits_only_for_the_quickest_to_bring_back() {
    // either UPS alone powers the hall again: the hall (and app) wait for ups-2 (2 h), not also
    // for ups-1 (24 h)
    RestorationProblem p = plan(TWO_FEEDERS, Event.FIRE, "zone:ua", "zone:ub");
    assertThat(p.task("powerasset:default/ups-1")).isPresent();
    assertThat(p.task("powerasset:default/ups-2")).isPresent();
    assertThat(waits(p, "component:default/app")).containsExactly("powerasset:default/ups-2");
    assertThat(assetWaits(TWO_FEEDERS, "ups-1", "ups-2").zone("hall")).containsExactly("ups-2");
    RestorationPlan plan =
        ((PlanOutcome.Planned)
                RestorationPlanner.plan(p, PlannerOptions.withTimeLimit(Duration.ofSeconds(2))))
            .plan();
    assertThat(start(plan, "component:default/app"))
        .isGreaterThanOrEqualTo(finish(plan, "powerasset:default/ups-2"))
        .isLessThan(Duration.ofHours(24));
    // with the efforts the other way round, the other UPS is waited for
    String swapped = TWO_FEEDERS.replace("effort: 24h", "effort: 1h");
    assertThat(waits(plan(swapped, Event.FIRE, "zone:ua", "zone:ub"), "component:default/app"))
        .containsExactly("powerasset:default/ups-1");
    // one feeder still running: the hall keeps power, app does not stop
    assertThat(plan(TWO_FEEDERS, Event.FIRE, "zone:ua").task("component:default/app")).isEmpty();
  }

  /** A plant room whose UPS powers it and the hall; the CRAC in the plant room cools the hall. */
  static final String PLANT =
      """
      apiVersion: haechi.dev/v1alpha1
      kind: Site
      metadata: {name: dj}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: hall}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: plant}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: ra}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Zone
      metadata: {name: rb}
      spec: {site: dj, type: room}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-p, annotations: {haechi.dev/restore-effort: 10h}}
      spec: {type: ups, zone: plant, feeds: [plant, hall]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: crac, annotations: {haechi.dev/restore-effort: 3h}}
      spec: {type: cooling, zone: plant, feeds: [hall]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-a}
      spec: {type: ups, zone: ra, feeds: [rb]}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: PowerAsset
      metadata: {name: ups-b}
      spec: {type: ups, zone: rb, feeds: [ra]}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: app
        annotations: {haechi.dev/grade: "1", haechi.dev/placement: "hall:active"}
      """;

  @Test
  void a_destroyed_crac_s_task_waits_for_the_ups_that_powers_its_room() {
    RestorationProblem p = plan(PLANT, Event.FIRE, "zone:plant");
    assertThat(waits(p, "powerasset:default/crac")).containsExactly("powerasset:default/ups-p");
    assertThat(waits(p, "powerasset:default/ups-p")).isEmpty();
    assertThat(waits(p, "component:default/app"))
        .containsExactly("powerasset:default/crac", "powerasset:default/ups-p");
    assertThat(assetWaits(PLANT, "ups-p", "crac").assetTaskWaits("crac")).containsExactly("ups-p");
    RestorationPlan plan =
        ((PlanOutcome.Planned)
                RestorationPlanner.plan(p, PlannerOptions.withTimeLimit(Duration.ofSeconds(2))))
            .plan();
    assertThat(start(plan, "powerasset:default/crac"))
        .isGreaterThanOrEqualTo(finish(plan, "powerasset:default/ups-p"));
    assertThat(start(plan, "component:default/app"))
        .isGreaterThanOrEqualTo(finish(plan, "powerasset:default/crac"));
  }

  @Test
  void two_upses_powering_each_other_s_rooms_wait_for_neither_so_the_plan_has_no_cycle() {
    RestorationProblem p = plan(PLANT, Event.FIRE, "zone:ra", "zone:rb");
    assertThat(waits(p, "powerasset:default/ups-a")).isEmpty();
    assertThat(waits(p, "powerasset:default/ups-b")).isEmpty();
    assertThat(p.feasible()).isTrue();
    AssetWaits w = assetWaits(PLANT, "ups-a", "ups-b");
    assertThat(w.asset("ups-a")).containsExactly("ups-a", "ups-b");
    assertThat(w.assetTaskWaits("ups-a")).isEmpty();
  }

  @Test
  void a_zone_nested_in_itself_is_a_catalog_error_naming_the_chain() {
    String loop =
        """
        apiVersion: haechi.dev/v1alpha1
        kind: Zone
        metadata: {name: a}
        spec: {parent: b}
        ---
        apiVersion: haechi.dev/v1alpha1
        kind: Zone
        metadata: {name: b}
        spec: {parent: a}
        """;
    assertThatThrownBy(() -> CatalogLoader.load(Map.of("z.yaml", loop)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("a -> b -> a");
  }
}
