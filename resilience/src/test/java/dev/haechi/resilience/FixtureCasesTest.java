package dev.haechi.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.haechi.core.Finding;
import dev.haechi.resilience.catalog.CatalogException;
import dev.haechi.resilience.catalog.CatalogLoader;
import dev.haechi.resilience.catalog.CatalogProblem;
import dev.haechi.resilience.catalog.LoadedCatalog;
import dev.haechi.resilience.graph.CatalogGraph;
import dev.haechi.resilience.risk.AssessmentResult;
import dev.haechi.resilience.risk.RiskAssessment;
import dev.haechi.resilience.simulation.DataLoss;
import dev.haechi.resilience.simulation.Event;
import dev.haechi.resilience.simulation.Loss;
import dev.haechi.resilience.simulation.NaiveSimulator;
import dev.haechi.resilience.simulation.Scenario;
import dev.haechi.resilience.simulation.SimulationResult;
import dev.haechi.resilience.simulation.Simulator;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Golden cases: each folder under {@code fixtures/} holds a {@code catalog/} and an {@code
 * expected.yaml} (parsed strictly: an unknown key fails the case) saying either which errors the
 * load must report, or what it must skip and warn about, which findings an assessment gives, and
 * what each simulation stops, destroys and loses. Simulations are checked on both simulators.
 */
class FixtureCasesTest {
  private static final Set<String> CASE_KEYS =
      Set.of(
          "errors",
          "skippedKinds",
          "warnings",
          "skippedFiles",
          "externalRefs",
          "workloads",
          "asOf",
          "findings",
          "simulations");
  private static final Set<String> PROBLEM_KEYS = Set.of("file", "line", "contains");
  private static final Set<String> FINDING_KEYS = Set.of("type", "severity", "entity");
  private static final Set<String> SIMULATION_KEYS =
      Set.of("name", "lose", "event", "at", "stopped", "destroyed", "dataLoss", "stoppedByGrade");

  @TestFactory
  Stream<DynamicTest> every_fixture_case_gives_its_expected_results()
      throws IOException, URISyntaxException {
    Path root = Path.of(getClass().getResource("/fixtures").toURI());
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted().toList()) {
        Map<String, Object> expected = strict(read(dir.resolve("expected.yaml")), CASE_KEYS, dir);
        String name = dir.getFileName().toString();
        if (expected.containsKey("errors")) {
          tests.add(
              DynamicTest.dynamicTest(
                  name + " is refused with every problem named", () -> refused(dir, expected)));
          continue;
        }
        tests.add(DynamicTest.dynamicTest(name + " loads", () -> loads(dir, expected)));
        if (expected.containsKey("findings")) {
          tests.add(
              DynamicTest.dynamicTest(
                  name + " assessment gives exactly the expected findings",
                  () -> assessed(dir, expected)));
        }
        for (Object s : list(expected.get("simulations"))) {
          Map<String, Object> sim = strict(map(s), SIMULATION_KEYS, dir);
          tests.add(
              DynamicTest.dynamicTest(name + ": " + sim.get("name"), () -> simulated(dir, sim)));
        }
      }
    }
    return tests.stream();
  }

  private static void refused(Path dir, Map<String, Object> expected) {
    assertThatThrownBy(() -> CatalogLoader.load(dir.resolve("catalog")))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> assertProblems(e.problems(), list(expected.get("errors")), dir));
  }

  private static void loads(Path dir, Map<String, Object> expected) {
    LoadedCatalog loaded = CatalogLoader.load(dir.resolve("catalog"));
    if (expected.containsKey("skippedKinds")) {
      Map<String, Integer> kinds = new LinkedHashMap<>();
      map(expected.get("skippedKinds")).forEach((k, v) -> kinds.put(k, ((Number) v).intValue()));
      assertThat(loaded.report().skippedKinds()).isEqualTo(kinds);
    }
    if (expected.containsKey("warnings")) {
      assertProblems(loaded.report().warnings(), list(expected.get("warnings")), dir);
    }
    if (expected.containsKey("skippedFiles")) {
      assertProblems(loaded.report().skippedFiles(), list(expected.get("skippedFiles")), dir);
    }
    if (expected.containsKey("externalRefs")) {
      assertThat(loaded.report().externalRefs().stream().map(String::valueOf).toList())
          .containsExactlyInAnyOrderElementsOf(
              list(expected.get("externalRefs")).stream().map(String::valueOf).toList());
    }
    if (expected.containsKey("workloads")) {
      assertThat(loaded.catalog().workloads())
          .hasSize(((Number) expected.get("workloads")).intValue());
    }
  }

  private static void assessed(Path dir, Map<String, Object> expected) {
    LoadedCatalog loaded = CatalogLoader.load(dir.resolve("catalog"));
    AssessmentResult result =
        RiskAssessment.assess(
            loaded.catalog(), LocalDate.parse(String.valueOf(expected.get("asOf"))));
    List<String> actual = new ArrayList<>();
    for (Finding f : result.findings()) {
      assertThat(f.evidence()).as("evidence of %s", f).isNotEmpty();
      assertThat(f.remedy()).as("remedy of %s", f).isNotBlank();
      actual.add(f.type() + " " + f.severity().label() + " " + f.subject().get("entity"));
    }
    List<String> wanted = new ArrayList<>();
    for (Object o : list(expected.get("findings"))) {
      Map<String, Object> f = strict(map(o), FINDING_KEYS, dir);
      wanted.add(f.get("type") + " " + f.get("severity") + " " + f.get("entity"));
    }
    assertThat(actual).containsExactlyInAnyOrderElementsOf(wanted);
  }

  private static void simulated(Path dir, Map<String, Object> sim) {
    LoadedCatalog loaded = CatalogLoader.load(dir.resolve("catalog"));
    List<Loss> losses = new ArrayList<>();
    for (Object l : list(sim.get("lose"))) {
      losses.add(Loss.parse(String.valueOf(l)));
    }
    Scenario scenario =
        new Scenario(
            losses,
            Event.parse(String.valueOf(sim.get("event"))),
            OffsetDateTime.parse(String.valueOf(sim.get("at"))).toInstant());
    SimulationResult fast =
        new Simulator(CatalogGraph.compile(loaded.catalog())).run(scenario).toResult();
    SimulationResult naive = new NaiveSimulator(loaded.catalog()).run(scenario);
    assertThat(fast).isEqualTo(naive);
    assertThat(fast.stopped()).containsExactlyElementsOf(strings(sim.get("stopped")));
    assertThat(fast.destroyed()).containsExactlyElementsOf(strings(sim.get("destroyed")));
    Map<String, String> loss = new LinkedHashMap<>();
    for (DataLoss d : fast.dataLoss()) {
      loss.put(d.entity(), d.lost());
    }
    Map<String, String> wantedLoss = new LinkedHashMap<>();
    map(sim.get("dataLoss")).forEach((k, v) -> wantedLoss.put(k, String.valueOf(v)));
    assertThat(loss).isEqualTo(wantedLoss);
    Map<String, Integer> byGrade = new LinkedHashMap<>();
    fast.summary().byGrade().forEach((g, c) -> byGrade.put(g, c.stopped()));
    Map<String, Integer> wantedGrades = new LinkedHashMap<>();
    map(sim.get("stoppedByGrade")).forEach((k, v) -> wantedGrades.put(k, ((Number) v).intValue()));
    assertThat(byGrade).isEqualTo(wantedGrades);
  }

  private static void assertProblems(List<CatalogProblem> actual, List<Object> wanted, Path dir) {
    assertThat(actual).as("problems %s", actual).hasSameSizeAs(wanted);
    for (Object o : wanted) {
      Map<String, Object> p = strict(map(o), PROBLEM_KEYS, dir);
      String file = String.valueOf(p.get("file"));
      int line = ((Number) p.get("line")).intValue();
      String contains = String.valueOf(p.get("contains"));
      assertThat(actual)
          .as("a problem at %s:%d containing '%s'", file, line, contains)
          .anySatisfy(
              a -> {
                assertThat(a.file()).isEqualTo(file);
                assertThat(a.line()).isEqualTo(line);
                assertThat(a.reason()).contains(contains);
              });
    }
  }

  private static Map<String, Object> strict(Map<String, Object> m, Set<String> keys, Path dir) {
    for (String k : m.keySet()) {
      if (!keys.contains(k)) {
        fail("unknown key '" + k + "' in " + dir.resolve("expected.yaml"));
      }
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  private static List<String> strings(Object o) {
    return list(o).stream().map(String::valueOf).toList();
  }

  private static Map<String, Object> read(Path file) throws IOException {
    /* Dates stay text: the resolver knows no timestamps. */
    Resolver noTimestamps =
        new Resolver() {
          @Override
          protected void addImplicitResolvers() {
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.INT, INT, "-+0123456789");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(org.yaml.snakeyaml.nodes.Tag.NULL, EMPTY, null);
          }
        };
    LoaderOptions options = new LoaderOptions();
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            noTimestamps);
    try (Reader r = Files.newBufferedReader(file)) {
      return map(yaml.load(r));
    }
  }
}
