package dev.haechi.resilience.recovery;

import java.time.Duration;
import java.util.List;

/**
 * When a public service is expected back: the latest finish of the systems that carry its public
 * name ({@code haechi.dev/public-name}). Offsets from the event.
 */
public record ServiceEta(String publicName, Duration eta, List<String> systems) {
  public ServiceEta {
    systems = List.copyOf(systems);
  }
}
