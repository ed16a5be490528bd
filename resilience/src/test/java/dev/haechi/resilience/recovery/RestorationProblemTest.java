package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestorationProblemTest {
  private static final Instant AT = Instant.parse("2025-09-26T11:20:00Z");

  /** A web front in z1 on a database in z1 (backed up in z2), a file store in z1 without copy. */
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
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: portal
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/rto: 4h
          haechi.dev/placement: "z2:active"
          haechi.dev/restore-effort: "8"
          haechi.dev/public-name: Citizen portal
      spec: {type: website, dependsOn: [component:web]}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Component
      metadata:
        name: web
        annotations:
          haechi.dev/grade: "1"
          haechi.dev/placement: "z1:active"
          haechi.dev/restore-effort: "6"
          haechi.dev/public-name: Citizen portal
      spec: {type: service, dependsOn: [resource:db]}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: db
        annotations:
          haechi.dev/grade: "2"
          haechi.dev/placement: "z1:primary"
          haechi.dev/restore-effort: "10"
      spec: {type: database}
      ---
      apiVersion: haechi.dev/v1alpha1
      kind: Backup
      metadata: {name: db-daily}
      spec: {of: db, zone: z2, interval: 1d, lastSuccess: 2025-09-26}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: files
        annotations:
          haechi.dev/grade: "3"
          haechi.dev/placement: "z1:primary"
          haechi.dev/restore-effort: "20"
      spec: {type: file-store}
      ---
      apiVersion: backstage.io/v1alpha1
      kind: Resource
      metadata:
        name: scratch
        annotations:
          haechi.dev/grade: "4"
          haechi.dev/placement: "z1:primary"
      spec: {type: file-store}
      """;

  private static RestorationProblem fireInZ1(String catalogText, List<Crew> crews) {
    Catalog c = CatalogLoader.load(Map.of("c.yaml", catalogText)).catalog();
    SimulationResult r =
        new Simulator(CatalogGraph.compile(c))
            .run(new Scenario(List.of(Loss.parse("zone:z1")), Event.FIRE, AT))
            .toResult();
    return RestorationProblem.fromSimulation(c, r, crews);
  }

  private static String withoutScratch() {
    return CATALOG.substring(
        0,
        CATALOG.indexOf(
            "---\napiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: scratch"));
  }

  @Test
  void efforts_follow_the_rule_restart_restore_and_rebuild() {
    RestorationProblem p = fireInZ1(withoutScratch(), Crew.count(2));
    assertThat(p.tasks())
        .extracting(RestorationTask::system)
        .containsExactly(
            "component:default/portal",
            "component:default/web",
            "resource:default/db",
            "resource:default/files");
    RestorationTask portal = p.task("component:default/portal").orElseThrow();
    assertThat(portal.basis()).isEqualTo(EffortBasis.RESTART);
    assertThat(portal.effort()).isEqualTo(Duration.ofHours(2)); // 8h / 4
    assertThat(portal.predecessors()).containsExactly("component:default/web");
    assertThat(portal.rto()).isEqualTo(Duration.ofHours(4));
    assertThat(portal.weight()).isEqualTo(1000);
    RestorationTask db = p.task("resource:default/db").orElseThrow();
    assertThat(db.basis()).isEqualTo(EffortBasis.RESTORE);
    assertThat(db.effort()).isEqualTo(Duration.ofHours(10));
    assertThat(db.site()).isEqualTo("s1");
    assertThat(db.skill()).isEqualTo("database");
    RestorationTask files = p.task("resource:default/files").orElseThrow();
    assertThat(files.basis()).isEqualTo(EffortBasis.REBUILD);
    assertThat(files.effort()).isEqualTo(Duration.ofHours(40));
    assertThat(p.task("component:default/web").orElseThrow().predecessors())
        .containsExactly("resource:default/db");
    assertThat(p.publicServices())
        .containsEntry(
            "Citizen portal", List.of("component:default/portal", "component:default/web"));
    assertThat(p.feasible()).isTrue();
  }

  @Test
  void
      burned_data_lost_for_good_without_a_restore_effort_is_planned_with_the_default_and_flagged() {
    // issue 14: one rule for a missing restore-effort (EffortRule.restoreEffort), not infeasible
    RestorationProblem p = fireInZ1(CATALOG, Crew.count(2));
    assertThat(p.feasible()).isTrue();
    RestorationTask scratch = p.task("resource:default/scratch").orElseThrow();
    assertThat(scratch.basis()).isEqualTo(EffortBasis.REBUILD);
    assertThat(scratch.effort())
        .isEqualTo(EffortRule.DEFAULT_RESTORE_EFFORT.multipliedBy(EffortRule.REBUILD_FACTOR));
    assertThat(p.effortDefaulted()).containsExactly("resource:default/scratch");
    assertThat(RestorationPlanner.plan(p, PlannerOptions.defaults()))
        .isInstanceOf(PlanOutcome.Planned.class);
  }

  @Test
  void
      a_system_still_running_on_a_surviving_replica_needs_no_task_and_its_dependants_wait_for_nothing() {
    String replicated =
        CATALOG.replace(
            "haechi.dev/placement: \"z1:primary\"\n    haechi.dev/restore-effort: \"10\"",
            "haechi.dev/placement: \"z1:primary, z2:replica-sync\"\n"
                + "    haechi.dev/restore-effort: \"10\"");
    assertThat(replicated).isNotEqualTo(CATALOG);
    RestorationProblem p = fireInZ1(replicated, Crew.count(2));
    assertThat(p.task("resource:default/db")).isEmpty();
    assertThat(p.rebuilds()).containsExactly("resource:default/db");
    // web burned too (its only zone), but it no longer waits for the database
    assertThat(p.task("component:default/web").orElseThrow().predecessors()).isEmpty();
  }

  @Test
  void a_dependency_cycle_is_named_in_its_order() {
    RestorationProblem p =
        RestorationProblem.of(
            List.of(
                RestorationTask.of("a", 1, 10, null, List.of("c")),
                RestorationTask.of("b", 1, 10, null, List.of("a")),
                RestorationTask.of("c", 1, 10, null, List.of("b")),
                RestorationTask.of("d", 2, 10, null, List.of("a")),
                RestorationTask.of("e", 2, 10, null, List.of())),
            Crew.count(2));
    assertThat(p.infeasibilities())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo(Infeasibility.Kind.DEPENDENCY_CYCLE);
              assertThat(i.entities()).containsExactlyInAnyOrder("a", "b", "c");
              assertThat(i.reason()).startsWith("dependency cycle: ");
              assertThat(i.toInputException("plan").getMessage()).contains("waits for");
            });
  }

  @Test
  void a_task_no_crew_may_take_is_named() {
    RestorationProblem p =
        fireInZ1(withoutScratch(), List.of(new Crew("dba", null, Set.of("database"))));
    assertThat(p.infeasibilities())
        .extracting(Infeasibility::kind)
        .containsOnly(Infeasibility.Kind.NO_ELIGIBLE_CREW);
    assertThat(p.infeasibilities())
        .flatExtracting(Infeasibility::entities)
        .contains("component:default/web")
        .doesNotContain("resource:default/db");
  }

  @Test
  void a_predecessor_that_is_not_a_task_is_bad_input() {
    assertThatThrownBy(
            () ->
                RestorationProblem.of(
                    List.of(RestorationTask.of("a", 1, 10, null, List.of("zz"))), Crew.count(1)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("zz");
  }
}
