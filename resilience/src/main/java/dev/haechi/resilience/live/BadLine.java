package dev.haechi.resilience.live;

/** A report line that was not used, and why; printed as {@code FILE:LINE: reason}. */
public record BadLine(String source, long line, String reason) {
  @Override
  public String toString() {
    return source + ":" + line + ": " + reason;
  }
}
