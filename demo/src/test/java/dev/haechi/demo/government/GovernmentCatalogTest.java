package dev.haechi.demo.government;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.demo.DemoOptions;
import dev.haechi.demo.output.SeededStreams;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** The catalog in memory, at full scale and at random seeds and scales, without writing files. */
class GovernmentCatalogTest {

  @Test
  void full_scale_has_709_systems_40_of_grade_one_and_about_38_percent_monthly_backups() {
    GovernmentCatalog c =
        GovernmentCatalog.generate(
            new SeededStreams(DemoOptions.DEFAULT_SEED), GovernmentSizes.at(1.0));

    assertThat(c.components()).hasSize(709);
    assertThat(c.components().stream().filter(e -> e.grade == 1)).hasSize(40);
    long monthly = c.backups().stream().filter(Backup::monthly).count();
    assertThat((double) monthly / c.backups().size()).isBetween(0.37, 0.39);
    assertThat(c.monthlyWithDailyRpo()).isNotEmpty();
  }

  @Test
  void losing_the_fifth_floor_room_stops_hundreds_of_systems_at_full_scale() {
    GovernmentCatalog c =
        GovernmentCatalog.generate(
            new SeededStreams(DemoOptions.DEFAULT_SEED), GovernmentSizes.at(1.0));

    long grade12There =
        c.components().stream()
            .filter(e -> e.grade <= 2 && e.mainZone().equals(PhysicalEstate.FIRE_ROOM))
            .count();
    assertThat(grade12There).isGreaterThan(40);
    assertThat(FireRoomReference.components(FireRoomReference.down(c, PhysicalEstate.FIRE_ROOM)))
        .hasSizeGreaterThan(300);
  }

  @Property(tries = 60)
  void every_dependency_resolves_and_none_forms_a_cycle(
      @ForAll long seed, @ForAll @DoubleRange(min = 0.001, max = 2.0) @Scale(3) double scale) {
    GovernmentSizes sizes = GovernmentSizes.at(scale);
    GovernmentCatalog c = GovernmentCatalog.generate(new SeededStreams(seed), sizes);
    CatalogGraph graph = new CatalogGraph();
    c.resources().forEach(r -> graph.add(r.ref(), r.dependsOn));
    c.components().forEach(e -> graph.add(e.ref(), e.dependsOn));

    assertThat(graph.unresolved()).isEmpty();
    assertThat(graph.cycle()).isNull();
    assertThat(c.components()).hasSize(sizes.components());
    for (int g = 1; g <= 4; g++) {
      final int grade = g;
      assertThat(c.components().stream().filter(e -> e.grade == grade)).hasSize(sizes.grade(g));
    }
    assertThat(c.components().stream().map(e -> e.name).distinct()).hasSize(c.components().size());
    assertThat(c.backups()).noneMatch(b -> b.of().equals("resource:default/g-drive"));
  }
}
