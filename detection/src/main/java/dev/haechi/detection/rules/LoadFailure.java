package dev.haechi.detection.rules;

/** A rule document that could not be taken: where it is and why. */
public record LoadFailure(String file, int document, String reason) {
  @Override
  public String toString() {
    return (document > 1 ? file + " (document " + document + ")" : file) + ": " + reason;
  }
}
