package dev.haechi.detection.rules;

/** A rule document is malformed or uses a feature this engine does not support; says which. */
public final class RuleSyntaxException extends RuntimeException {
  public RuleSyntaxException(String reason) {
    super(reason);
  }
}
