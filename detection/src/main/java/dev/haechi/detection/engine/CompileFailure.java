package dev.haechi.detection.engine;

/** A loaded rule the engine could not compile, and why. */
public record CompileFailure(
    String file, int document, String ruleId, String title, String reason) {
  @Override
  public String toString() {
    return (document > 1 ? file + " (document " + document + ")" : file) + ": " + reason;
  }
}
