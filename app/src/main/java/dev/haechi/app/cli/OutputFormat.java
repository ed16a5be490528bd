package dev.haechi.app.cli;

/** How a reporting subcommand prints: a table for people, JSON for programs. */
public enum OutputFormat {
  table,
  json;

  /** Table on a terminal, JSON when the output goes to a pipe or file. */
  public static OutputFormat defaultFor(OutputFormat chosen) {
    if (chosen != null) {
      return chosen;
    }
    return System.console() != null ? table : json;
  }
}
