package dev.haechi.app.cli;

import dev.haechi.core.InputException;
import dev.haechi.detection.builtin.BuiltinRules;
import dev.haechi.detection.engine.DetectionEngine;
import dev.haechi.detection.engine.ParallelDetection;
import dev.haechi.detection.event.EventLineReader;
import dev.haechi.detection.identity.IdentityAwareEngine;
import dev.haechi.detection.identity.IdentityContext;
import dev.haechi.detection.identity.LeaverGuardIdentity;
import dev.haechi.detection.pipeline.PipelineLoader;
import dev.haechi.detection.pipeline.ProcessingPipeline;
import dev.haechi.detection.rules.RuleLoader;
import dev.haechi.detection.rules.RuleSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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

  @Option(
      names = "--format",
      description =
          "json (one alert per line, JSON Lines; the default when standard output is not a"
              + " terminal) or table (one aligned line per alert; the default on a terminal).")
  OutputFormat format;

  @Option(
      names = "--flush",
      description =
          "Flush standard output after every alert (line-buffered), for a live pipe such as"
              + " tail -f events.jsonl | haechi detect --flush. Without it alerts are still"
              + " flushed at least every second.")
  boolean flush;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads that parse events and evaluate the stateless rules (default: the available"
              + " cores). Correlations, stream baselines and the output stay on one ordered stage:"
              + " the alerts are identical, in the same order, to --threads 1.")
  Integer threads;

  /** Which engine evaluates the events. */
  public enum Engine {
    /** The one-machine engine in this process (streaming, standard input or a file). */
    single,
    /** The Flink job on a local MiniCluster in this process, over a file. */
    flink
  }

  @Option(
      names = "--engine",
      paramLabel = "single|flink",
      defaultValue = "single",
      description =
          "single (default): the one-machine engine; flink: the Flink job (module flink, the one"
              + " DEPLOY.md submits to a cluster) on a local MiniCluster over --input FILE, with"
              + " the same alerts in input order.")
  Engine engine = Engine.single;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "1",
      description = "With --engine flink: parallel instances of each stage (task slots).")
  int parallelism = 1;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The command line as given (for a relaunch in another JVM). */
  java.util.List<String> originalArgs() {
    return spec.root().commandLine().getParseResult().originalArgs();
  }

  /** Standard input and output; tests give their own (null: System.in / System.out). */
  java.io.InputStream stdin;

  java.io.OutputStream stdout;

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
    if (engine == Engine.flink) {
      return new FlinkDetect(this).run();
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
    OutputFormat fmt = OutputFormat.defaultFor(format);
    int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    if (workers < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, not " + workers);
    }
    long events;
    long[] rejected = {0};
    AlertOutput out =
        new AlertOutput(
            new OutputStreamWriter(stdout != null ? stdout : System.out, StandardCharsets.UTF_8),
            fmt,
            flush);
    try (BufferedReader in =
            "-".equals(input)
                ? new BufferedReader(
                    new InputStreamReader(
                        stdin != null ? stdin : System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8);
        out;
        ParallelDetection detection =
            new ParallelDetection(
                engine,
                workers,
                out,
                (line, e) -> {
                  rejected[0]++;
                  System.err.println(
                      "haechi detect: " + source + ":" + line + ": " + reasonOf(e.getMessage()));
                })) {
      EventLineReader reader = new EventLineReader(in);
      EventLineReader.Item item;
      boolean announced = false;
      while (true) {
        if (!in.ready()) {
          // nothing more to read right now (a live pipe): judge what is queued before waiting,
          // so that no alert waits for a batch to fill
          detection.finish();
        }
        if ((item = reader.next()) == null) {
          break;
        }
        if (!announced && reader.prettyEvtxDump()) {
          announced = true;
          System.err.println(
              "haechi detect: "
                  + source
                  + ": evtx_dump -o json (pretty) output: reading one event per 'Record N'"
                  + " (evtx_dump -o jsonl writes JSON Lines)");
        }
        detection.accept(item.line(), item.text());
      }
      detection.finish();
      events = detection.evaluated();
      // end of input: correlation windows judged at their close (lt, ranges, averages) close now
      engine.flush(out);
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
        out.alerts(),
        rejected[0],
        usable,
        ruleSet.report().failures().size() + engine.failures().size());
    if (events == 0 && rejected[0] > 0) {
      // FORMATS.md §4: nothing of the input could be read is bad input, not a clean run
      System.err.println(
          "haechi detect: "
              + source
              + ": every one of the "
              + rejected[0]
              + " lines was rejected: no event read"
              + rejectedHint());
      return ExitCodes.BAD_INPUT;
    }
    return ExitCodes.OK;
  }

  static String rejectedHint() {
    return " (input must be JSON Lines, one JSON object per line (FORMATS.md §2), or evtx_dump -o"
        + " json output starting with a 'Record N' line)";
  }

  static String reasonOf(String message) {
    return message.startsWith("event: ") ? message.substring(7) : message;
  }
}
