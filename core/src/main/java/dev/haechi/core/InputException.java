package dev.haechi.core;

/**
 * Bad input from a user: a file, a line (or document, or field) and what is wrong with it. Readers
 * throw it before anything is imported, so that an input is taken whole or not at all. The CLI
 * turns it into exit code 2 and a one-line message.
 */
public class InputException extends RuntimeException {
  private final String source;
  private final long line;

  /**
   * @param source the file, URL or field that is wrong
   * @param line the 1-based line or document number, or 0 when it does not apply
   * @param reason what is wrong, in words a user can act on
   */
  public InputException(String source, long line, String reason) {
    super(message(source, line, reason));
    this.source = source;
    this.line = line;
  }

  public InputException(String source, long line, String reason, Throwable cause) {
    super(message(source, line, reason), cause);
    this.source = source;
    this.line = line;
  }

  private static String message(String source, long line, String reason) {
    return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
  }

  public String source() {
    return source;
  }

  public long line() {
    return line;
  }
}
