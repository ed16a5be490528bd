package dev.haechi.detection.compiler;

/** A rule cannot be turned into a matcher (e.g. a placeholder without value); says why. */
public final class CompileException extends RuntimeException {
  public CompileException(String reason) {
    super(reason);
  }
}
