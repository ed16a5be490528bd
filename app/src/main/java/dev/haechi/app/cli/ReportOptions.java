package dev.haechi.app.cli;

import dev.haechi.core.Severity;
import picocli.CommandLine.Option;

/** {@code --format} and {@code --fail-on}, shared by every reporting subcommand. */
public class ReportOptions {
  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      converter = SeverityConverter.class,
      description = "Exit 1 when a finding is at least this severe (critical … info).")
  Severity failOn;

  @Option(names = "--format", description = "table or json (default: table on a terminal).")
  OutputFormat format;

  OutputFormat format() {
    return OutputFormat.defaultFor(format);
  }
}
