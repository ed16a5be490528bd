package dev.haechi.detection.rules;

import java.util.List;

/** How loading went: how many documents were read and which failed, with reasons. */
public record LoadReport(int documents, List<LoadFailure> failures) {
  public LoadReport {
    failures = List.copyOf(failures);
  }

  public boolean clean() {
    return failures.isEmpty();
  }
}
