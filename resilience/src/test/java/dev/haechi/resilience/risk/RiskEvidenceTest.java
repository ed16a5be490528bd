package dev.haechi.resilience.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.graph.CatalogGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: "and 104 more" is for the reader to fold. The battery finding names every grade-1/2
 * entity in the battery's zone; the RTO chain is listed up to its cap, past which the last line
 * says how many steps are left and that the list is capped.
 */
class RiskEvidenceTest {
  static final int EXTRA = 40;

  /** The nirs-small fixture, plus {@code more} as one more file. */
  private static RiskContext nirsSmallWith(String more) throws Exception {
    Path root = Path.of(RiskEvidenceTest.class.getResource("/fixtures/nirs-small/catalog").toURI());
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    files.put("systems/more.yaml", more);
    return new RiskContext(
        CatalogGraph.compile(CatalogLoader.load(files).catalog()), LocalDate.parse("2025-09-01"));
  }

  private static String component(String name, String grade, String extra, String dependsOn) {
    return "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: "
        + name
        + "\n  annotations:\n    haechi.dev/grade: \""
        + grade
        + "\"\n    haechi.dev/placement: dj-5f-r7:active\n"
        + extra
        + "spec:\n  type: service\n  lifecycle: production\n  owner: group:default/mois\n"
        + (dependsOn == null ? "" : "  dependsOn: [component:default/" + dependsOn + "]\n")
        + "---\n";
  }

  @Test
  void the_battery_finding_names_every_grade_1_and_2_entity_in_its_zone() throws Exception {
    StringBuilder more = new StringBuilder();
    for (int i = 0; i < EXTRA; i++) {
      more.append(component("extra-" + i, i % 2 == 0 ? "1" : "2", "", null));
    }
    List<Finding> findings =
        new BatterySharesZoneWithCritical().findings(nirsSmallWith(more.toString()));
    Finding f = findings.get(0);
    // the fixture's own gov24, gov24-db, tax-portal and g-drive, and the 40 added
    assertThat(f.title()).contains("with " + (EXTRA + 4) + " grade-1/2 entities");
    assertThat(f.evidence()).hasSize(1 + EXTRA + 4);
    for (int i = 0; i < EXTRA; i++) {
      String ref = "component:default/extra-" + i;
      assertThat(f.evidence()).anyMatch(e -> e.contains(" " + ref + " (grade "));
    }
    assertThat(f.evidence()).noneMatch(e -> e.contains(" more "));
  }

  private static Finding chainOf(int length) throws Exception {
    StringBuilder more = new StringBuilder();
    for (int i = 0; i < length; i++) {
      more.append(
          component(
              "step-" + i,
              "3",
              "    haechi.dev/restore-effort: \"1\"\n" + (i == 0 ? "    haechi.dev/rto: 2h\n" : ""),
              i + 1 < length ? "step-" + (i + 1) : null));
    }
    return new RtoUnachievable()
        .findings(nirsSmallWith(more.toString())).stream()
            .filter(x -> x.subject().get("entity").equals("component:default/step-0"))
            .findFirst()
            .orElseThrow();
  }

  @Test
  void a_chain_of_thirty_steps_is_listed_whole() throws Exception {
    Finding f = chainOf(30);
    assertThat(f.evidence()).hasSize(1 + 30);
    assertThat(f.evidence().get(f.evidence().size() - 1))
        .contains("component:default/step-29 restores in");
  }

  @Test
  void a_chain_longer_than_the_cap_lists_the_cap_and_counts_the_rest() throws Exception {
    Finding f = chainOf(RtoUnachievable.CHAIN_SHOWN + 7);
    // the RTO line, CHAIN_SHOWN steps, and the count of the 7 left
    assertThat(f.evidence()).hasSize(1 + RtoUnachievable.CHAIN_SHOWN + 1);
    assertThat(f.evidence().get(f.evidence().size() - 1))
        .isEqualTo(
            "and 7 more entities further down the chain (the evidence lists "
                + RtoUnachievable.CHAIN_SHOWN
                + " steps)");
  }
}
