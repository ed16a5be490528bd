package dev.haechi.app.cli;

/** Exit codes every subcommand keeps (FORMATS.md §4). */
public final class ExitCodes {
  /** Success; findings are not errors. */
  public static final int OK = 0;

  /** The command found what {@code --fail-on} asked it to fail on (or a broken audit chain). */
  public static final int FOUND = 1;

  /** Bad input or usage: unknown flags, unreadable files, invalid options, unusable database. */
  public static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
