package dev.haechi.benchmarks.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.haechi.core.InputException;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import dev.haechi.exercise.scenario.ScenarioReader;
import dev.haechi.identity.readers.AccountCsvReader;
import dev.haechi.identity.readers.HrCsvReader;
import dev.haechi.identity.readers.LdifAccountReader;
import dev.haechi.identity.readers.VaultAuditLogReader;
import dev.haechi.resilience.catalog.CatalogLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of every reader of untrusted input (issue 12, item 13) with Jazzer. A
 * reader may accept an input or refuse it with an {@link InputException} naming the problem; any
 * other exception or error (a crash, an endless loop caught by Jazzer's timeout, a stack overflow)
 * is a finding.
 *
 * <p>In the normal build these run in <b>regression mode</b>: each seed and each crash found
 * earlier, under {@code
 * src/test/resources/dev/haechi/benchmarks/fuzz/ReadersFuzzTestInputs/METHOD/}, is run once. To
 * fuzz one target (at least 10 minutes each, SECURITY.md):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl benchmarks -am test -Dtest=ReadersFuzzTest#sigmaRule \
 *   -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * A crash it finds is written into that folder and so becomes a regression input.
 */
class ReadersFuzzTest {
  private static DetectionEngine engine;
  private static Map<String, String> catalog;

  private static synchronized DetectionEngine engine() {
    if (engine == null) {
      engine = DetectionEngine.compile(BuiltinRules.load(), List.of());
    }
    return engine;
  }

  private static synchronized Map<String, String> catalog() throws IOException {
    if (catalog == null) {
      Map<String, String> files = new LinkedHashMap<>();
      for (String f :
          List.of(
              "physical/backups.yaml",
              "physical/power.yaml",
              "physical/sites.yaml",
              "physical/zones.yml",
              "systems/gov24.yaml",
              "systems/storage.yaml")) {
        try (InputStream in =
            ReadersFuzzTest.class.getResourceAsStream("/dev/haechi/benchmarks/fuzz/catalog/" + f)) {
          files.put(f, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      catalog = files;
    }
    return catalog;
  }

  /** Runs {@code read}; a refusal with a reason is fine, anything else is a finding. */
  private static void refuseOnlyWithReason(Runnable read) {
    try {
      read.run();
    } catch (InputException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("InputException without a reason", e);
      }
    }
  }

  @FuzzTest(maxDuration = "10m")
  void sigmaRule(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    refuseOnlyWithReason(
        () -> {
          RuleSet set = RuleLoader.loadText("fuzz.yml", yaml);
          DetectionEngine.compile(set, List.of());
        });
  }

  @FuzzTest(maxDuration = "10m")
  void pipeline(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    refuseOnlyWithReason(() -> PipelineLoader.parse("fuzz.yml", yaml));
  }

  @FuzzTest(maxDuration = "10m")
  void event(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    DetectionEngine e = engine();
    for (String line : text.split("\n", 64)) {
      refuseOnlyWithReason(() -> e.evaluate(line, alert -> {}));
    }
  }

  @FuzzTest(maxDuration = "10m")
  void ldif(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    refuseOnlyWithReason(
        () -> LdifAccountReader.read(new StringReader(text), "corp-ad.ldif", "corp-ad"));
  }

  @FuzzTest(maxDuration = "10m")
  void hrCsv(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    refuseOnlyWithReason(() -> HrCsvReader.read(new StringReader(text), "hr.csv"));
  }

  @FuzzTest(maxDuration = "10m")
  void accountCsv(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    refuseOnlyWithReason(() -> AccountCsvReader.read(new StringReader(text), "crm.csv", "crm"));
  }

  @FuzzTest(maxDuration = "10m")
  void vaultLog(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    refuseOnlyWithReason(
        () ->
            VaultAuditLogReader.read(
                new StringReader(text), "vault-audit.log", List.of("transit/keys/token-signer")));
  }

  @FuzzTest(maxDuration = "10m")
  void catalog(FuzzedDataProvider data) throws IOException {
    Map<String, String> files = new LinkedHashMap<>(catalog());
    files.put("systems/tax.yaml", data.consumeRemainingAsString());
    refuseOnlyWithReason(() -> CatalogLoader.load(files));
  }

  @FuzzTest(maxDuration = "10m")
  void scenario(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    refuseOnlyWithReason(
        () -> ScenarioReader.parse(text, "fuzz.yaml", Path.of("target/fuzz-scenario-worlds")));
  }
}
