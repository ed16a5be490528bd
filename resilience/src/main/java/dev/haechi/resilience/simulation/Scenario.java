package dev.haechi.resilience.simulation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A disaster to simulate: what is lost, by which event, and when (data loss is measured from the
 * newest surviving copy to this instant).
 */
public record Scenario(List<Loss> losses, Event event, Instant at) {
  public Scenario {
    losses = List.copyOf(losses);
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(at, "at");
  }
}
