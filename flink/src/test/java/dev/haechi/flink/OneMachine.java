package dev.haechi.flink;

import dev.haechi.core.InputException;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.event.EventLineReader;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.rules.LoadReport;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The oracle: what {@code haechi detect} (the one-machine engine) prints for the same spec. */
final class OneMachine {
  private OneMachine() {}

  static List<String> alerts(RulesSpec spec, Path input) throws Exception {
    RuleSet set = new RuleSet(List.of(), List.of(), List.of(), new LoadReport(0, List.of()));
    if (!spec.rulePaths.isEmpty()) {
      set = RuleLoader.load(spec.rulePaths.stream().map(Path::of).toList());
    }
    for (int i = 0; i + 1 < spec.ruleTexts.size(); i += 2) {
      set =
          BuiltinRules.merge(
              set, RuleLoader.loadText(spec.ruleTexts.get(i), spec.ruleTexts.get(i + 1)));
    }
    if (spec.builtin) {
      set = BuiltinRules.merge(set, BuiltinRules.load());
    }
    IdentityContext identity =
        spec.identityDir == null
            ? IdentityContext.empty()
            : LeaverGuardIdentity.fromDirectory(
                Path.of(spec.identityDir), LocalDate.parse(spec.asOf), Map.of());
    DetectionEngine engine =
        IdentityAwareEngine.compile(
            set, spec.pipelines.stream().map(PipelineLoader::resolve).toList(), identity);
    List<String> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      EventLineReader reader = new EventLineReader(in);
      EventLineReader.Item item;
      while ((item = reader.next()) != null) {
        try {
          engine.evaluate(item.text(), a -> out.add(AlertJson.toLine(a)));
        } catch (InputException e) {
          // rejected line: compared separately
        }
      }
      engine.flush(a -> out.add(AlertJson.toLine(a)));
    }
    return out;
  }
}
