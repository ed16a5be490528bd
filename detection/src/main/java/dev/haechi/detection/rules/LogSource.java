package dev.haechi.detection.rules;

/** A rule's {@code logsource}: category, product and service, each absent when null. */
public record LogSource(String category, String product, String service) {
  public static final LogSource ANY = new LogSource(null, null, null);
}
