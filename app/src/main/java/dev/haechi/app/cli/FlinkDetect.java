package dev.haechi.app.cli;

import dev.haechi.core.InputException;
import dev.haechi.flink.Alerts;
import dev.haechi.flink.CompiledRules;
import dev.haechi.flink.FileDetection;
import dev.haechi.flink.Records.AlertRecord;
import dev.haechi.flink.Records.Rejected;
import dev.haechi.flink.RulesSpec;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code haechi detect --engine flink}: the Flink job ({@code dev.haechi.flink}) on a local
 * MiniCluster over a file, printed exactly as the one-machine engine prints (same alert lines, same
 * stderr reports), alerts in input order.
 */
final class FlinkDetect {
  private final DetectCommand cmd;

  FlinkDetect(DetectCommand cmd) {
    this.cmd = cmd;
  }

  int run() throws IOException {
    if (PlainClasspath.needed()) {
      // Flink's job submission resolves classes through the application class loader, which in
      // the executable jar sees only Spring Boot's launcher: run the same command in a JVM with a
      // plain class path (the jar's libraries, extracted once next to it).
      return PlainClasspath.relaunch(cmd.originalArgs());
    }
    if ("-".equals(cmd.input)) {
      throw new IllegalArgumentException(
          "--engine flink reads a file: give --input FILE (standard input is read by the"
              + " one-machine engine only)");
    }
    if (!Files.isRegularFile(Path.of(cmd.input))) {
      throw new InputException(cmd.input, 0, "no such file (--input)");
    }
    if (cmd.parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1");
    }
    if (cmd.identityFrom != null && !Files.isDirectory(cmd.identityFrom)) {
      throw new InputException(cmd.identityFrom.toString(), 0, "not a directory (--identity-from)");
    }
    RulesSpec spec = new RulesSpec();
    cmd.rules.forEach(p -> spec.rulePaths.add(p.toString()));
    spec.builtin = !cmd.noBuiltin;
    spec.pipelines.addAll(cmd.pipelines);
    spec.identityDir = cmd.identityFrom == null ? null : cmd.identityFrom.toString();
    spec.asOf =
        cmd.identityFrom == null
            ? null
            : (cmd.asOf != null ? cmd.asOf : java.time.LocalDate.now(java.time.ZoneOffset.UTC))
                .toString();
    CompiledRules compiled;
    try {
      compiled = CompiledRules.compile(spec, false);
    } catch (CompiledRules.Refused e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    compiled.failures().forEach(f -> System.err.println("haechi detect: rule " + f));
    if (cmd.identityFrom != null) {
      System.err.println("haechi detect: identity context " + compiled.live().context());
    }
    quietFlinkLogs();
    FileDetection.Result result;
    try {
      result = FileDetection.run(spec, Path.of(cmd.input), cmd.parallelism);
    } catch (InputException | IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the Flink job failed: " + e.getMessage(), e);
    }
    OutputFormat fmt = OutputFormat.defaultFor(cmd.format);
    AlertOutput out =
        new AlertOutput(
            new OutputStreamWriter(
                cmd.stdout != null ? cmd.stdout : System.out, StandardCharsets.UTF_8),
            fmt,
            cmd.flush);
    try (out) {
      for (AlertRecord a : result.alerts()) {
        out.accept(Alerts.fromJson(a.json));
      }
    }
    for (Rejected r : result.rejected()) {
      System.err.println(
          "haechi detect: " + cmd.input + ":" + r.seq + ": " + DetectCommand.reasonOf(r.reason));
    }
    System.err.printf(
        "haechi detect: %d events, %d alerts, %d lines rejected; %d rules in use, %d did not"
            + " load or compile (Flink, parallelism %d)%n",
        result.events(),
        out.alerts(),
        result.rejected().size(),
        compiled.engine().rules().size(),
        compiled.failures().size(),
        cmd.parallelism);
    if (result.events() == 0 && !result.rejected().isEmpty()) {
      System.err.println(
          "haechi detect: "
              + cmd.input
              + ": every one of the "
              + result.rejected().size()
              + " lines was rejected: no event read"
              + DetectCommand.rejectedHint());
      return ExitCodes.BAD_INPUT;
    }
    return ExitCodes.OK;
  }

  /** The MiniCluster logs through the application's logback: keep it off standard output. */
  private static void quietFlinkLogs() {
    org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
  }
}
