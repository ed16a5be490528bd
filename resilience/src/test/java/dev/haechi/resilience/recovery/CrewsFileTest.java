package dev.haechi.resilience.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.haechi.core.InputException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrewsFileTest {
  @Test
  void reads_crews_with_sites_skills_and_counts() {
    List<Crew> crews =
        CrewsFile.parse(
            "crews.yaml",
            """
            crews:
              - {name: electric, site: daejeon, skills: [power, cooling], count: 2}
              - name: dba
                site: daejeon
                skills: database
              - {name: any}
            """,
            Set.of("daejeon", "gwangju"));
    assertThat(crews)
        .containsExactly(
            new Crew("electric-1", "daejeon", Set.of("power", "cooling")),
            new Crew("electric-2", "daejeon", Set.of("power", "cooling")),
            new Crew("dba", "daejeon", Set.of("database")),
            new Crew("any", null, Set.of()));
  }

  @Test
  void reads_a_json_list_as_well() {
    assertThat(CrewsFile.parse("c.json", "[{\"name\":\"a\",\"site\":null,\"skills\":[]}]"))
        .containsExactly(new Crew("a", null, Set.of()));
  }

  @Test
  void names_the_file_and_line_of_a_problem() {
    assertThatThrownBy(
            () ->
                CrewsFile.parse(
                    "crews.yaml", "crews:\n  - {name: a}\n  - {name: b, count: x}\n", null))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("crews.yaml:3: count 'x'");
    assertThatThrownBy(
            () ->
                CrewsFile.parse(
                    "crews.yaml",
                    "crews:\n  - {name: a}\n  - {name: b, site: busan}\n",
                    Set.of("dj")))
        .hasMessageContaining("crews.yaml:3: site 'busan' is not a site of the catalog");
    assertThatThrownBy(() -> CrewsFile.parse("crews.yaml", "crews:\n  - {name: a, skill: x}\n"))
        .hasMessageContaining("crews.yaml:2: unknown crew field 'skill'");
    assertThatThrownBy(
            () -> CrewsFile.parse("crews.yaml", "crews:\n  - {name: a}\n  - {name: a}\n"))
        .hasMessageContaining("crews.yaml:3: crew a is listed twice");
    assertThatThrownBy(() -> CrewsFile.parse("crews.yaml", "crews: [\n"))
        .hasMessageContaining("crews.yaml:")
        .hasMessageContaining("not YAML or JSON");
  }

  @Test
  void crews_from_values_follow_the_same_rules() {
    assertThat(
            CrewsFile.of(
                "crewList",
                List.of(new CrewsFile.Spec("db", "dj", List.of("database"), 2)),
                Set.of("dj")))
        .extracting(Crew::name)
        .containsExactly("db-1", "db-2");
    assertThatThrownBy(
            () ->
                CrewsFile.of(
                    "crewList",
                    List.of(
                        new CrewsFile.Spec("a", null, null, null),
                        new CrewsFile.Spec(" ", null, null, 1)),
                    null))
        .hasMessageContaining("crewList[1]: a crew needs a name");
  }

  @Test
  void a_skilled_crew_takes_only_its_skill_at_its_site() {
    RestorationProblem p =
        RestorationProblem.of(
            List.of(
                new RestorationTask(
                    "powerasset:default/ups-a",
                    0,
                    java.time.Duration.ofHours(8),
                    null,
                    List.of(),
                    "dj",
                    "power",
                    null,
                    EffortBasis.RESTORE),
                new RestorationTask(
                    "resource:default/db",
                    1,
                    java.time.Duration.ofHours(4),
                    null,
                    List.of("powerasset:default/ups-a"),
                    "dj",
                    "database",
                    null,
                    EffortBasis.RESTORE)),
            CrewsFile.parse(
                "c.yaml",
                "- {name: elec, skills: [power]}\n- {name: dba, site: dj, skills: [database]}\n"));
    PlanOutcome o =
        RestorationPlanner.plan(p, PlannerOptions.withTimeLimit(java.time.Duration.ofSeconds(1)));
    RestorationPlan plan = ((PlanOutcome.Planned) o).plan();
    assertThat(plan.tasks())
        .extracting(PlannedTask::system, PlannedTask::crew)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("powerasset:default/ups-a", "elec"),
            org.assertj.core.groups.Tuple.tuple("resource:default/db", "dba"));
    // with no crew for databases, the plan is infeasible and says which system nobody can take
    RestorationProblem none =
        p.withCrews(CrewsFile.parse("c.yaml", "- {name: elec, skills: [power]}\n"));
    assertThat(none.feasible()).isFalse();
    assertThat(none.infeasibilities().get(0).reason()).contains("resource:default/db");
  }
}
