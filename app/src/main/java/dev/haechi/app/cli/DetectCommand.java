package dev.haechi.app.cli;

import dev.haechi.core.InputException;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.AlertJson;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code haechi detect}: Sigma rules over JSON Lines, one alert per line on standard output
 * (FORMATS.md §2 and §4). A line that is not a JSON object is reported on standard error with its
 * file and line, counted, and never stops the stream.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Run Sigma detection and correlation rules over JSON Lines events and write one alert per",
      "line (JSON) to standard output. Rule and event problems go to standard error."
    })
public class DetectCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      paramLabel = "PATH",
      description = "A Sigma rule file or a folder searched recursively (repeatable).")
  List<Path> rules = new ArrayList<>();

  @Option(
      names = "--no-builtin",
      description =
          "Do not load the built-in rule pack (forged tokens, unknown user IDs, leavers' activity,"
              + " enumeration, bulk disclosure, privileged new country).")
  boolean noBuiltin;

  @Option(
      names = "--identity-from",
      paramLabel = "DIR",
      description =
          "An identity directory (FORMATS.md §1.4, as for identity reconcile --dir, plus an optional"
              + " members.json or members.txt of existing user IDs): enrichment fields haechi.* and"
              + " identity placeholders for the rules.")
  Path identityFrom;

  @Option(
      names = "--as-of",
      paramLabel = "DATE",
      description =
          "The date the identity directory is reconciled as of (default: today); leavers and key"
              + " statuses are still judged at each event's own time.")
  java.time.LocalDate asOf;

  @Option(
      names = "--pipeline",
      paramLabel = "NAME_OR_FILE",
      description = "Processing pipeline: windows-evtx, ecs, or a pySigma YAML file (repeatable).")
  List<String> pipelines = new ArrayList<>();

  @Option(
      names = "--input",
      paramLabel = "FILE",
      defaultValue = "-",
      description = "JSON Lines events; - for standard input (default).")
  String input;

  @Override
  public Integer call() throws IOException {
    if (rules.isEmpty() && noBuiltin) {
      throw new IllegalArgumentException("no rules: give --rules PATH or drop --no-builtin");
    }
    for (Path p : rules) {
      if (!Files.exists(p)) {
        throw new InputException(p.toString(), 0, "no such rule file or folder (--rules)");
      }
    }
    List<ProcessingPipeline> resolved = pipelines.stream().map(PipelineLoader::resolve).toList();
    RuleSet ruleSet = rules.isEmpty() ? BuiltinRules.load() : RuleLoader.load(rules);
    if (!noBuiltin && !rules.isEmpty()) {
      ruleSet = BuiltinRules.merge(ruleSet, BuiltinRules.load());
    }
    ruleSet.report().failures().forEach(f -> System.err.println("haechi detect: rule " + f));
    IdentityContext identity = IdentityContext.empty();
    if (identityFrom != null) {
      if (!Files.isDirectory(identityFrom)) {
        throw new InputException(identityFrom.toString(), 0, "not a directory (--identity-from)");
      }
      identity =
          LeaverGuardIdentity.fromDirectory(
              identityFrom,
              asOf != null ? asOf : java.time.LocalDate.now(java.time.ZoneOffset.UTC),
              java.util.Map.of());
      System.err.println("haechi detect: identity context " + identity);
    }
    DetectionEngine engine = IdentityAwareEngine.compile(ruleSet, resolved, identity);
    engine.failures().forEach(f -> System.err.println("haechi detect: rule " + f));
    int usable = engine.rules().size();
    if (usable == 0) {
      throw new IllegalArgumentException("no rule compiled: nothing to detect with");
    }
    String source = "-".equals(input) ? "stdin" : input;
    if (!"-".equals(input) && !Files.isRegularFile(Path.of(input))) {
      throw new InputException(input, 0, "no such file (--input)");
    }
    long events = 0;
    long rejected = 0;
    long[] alerts = {0};
    try (BufferedReader in =
            "-".equals(input)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        Writer out =
            new BufferedWriter(
                new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      long lineNo = 0;
      dev.haechi.detection.engine.AlertSink sink =
          alert -> {
            try {
              out.write(AlertJson.toLine(alert));
              out.write('\n');
              alerts[0]++;
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          };
      while ((line = in.readLine()) != null) {
        lineNo++;
        try {
          engine.evaluate(line, sink);
          events++;
        } catch (InputException e) {
          rejected++;
          System.err.println(
              "haechi detect: " + source + ":" + lineNo + ": " + reasonOf(e.getMessage()));
        }
      }
      // end of input: correlation windows judged at their close (lt, ranges, averages) close now
      engine.flush(sink);
      out.flush();
    }
    if (engine.lateEventsDropped() + engine.futureEventsDropped() + engine.eventsAheadOfWatermark()
        > 0) {
      System.err.printf(
          "haechi detect: correlations: %d events dropped as late for their group, %d dated too"
              + " far in the future, %d ahead of the stream's watermark%n",
          engine.lateEventsDropped(),
          engine.futureEventsDropped(),
          engine.eventsAheadOfWatermark());
    }
    System.err.printf(
        "haechi detect: %d events, %d alerts, %d lines rejected; %d rules in use, %d did not"
            + " load or compile%n",
        events,
        alerts[0],
        rejected,
        usable,
        ruleSet.report().failures().size() + engine.failures().size());
    return ExitCodes.OK;
  }

  private static String reasonOf(String message) {
    return message.startsWith("event: ") ? message.substring(7) : message;
  }
}
