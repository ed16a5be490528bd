package dev.haechi.detection.rules;

/** Where a rule was read from: the file and the 1-based YAML document within it. */
public record RuleOrigin(String file, int document) {
  @Override
  public String toString() {
    return document > 1 ? file + " (document " + document + ")" : file;
  }
}
