package dev.haechi.detection.compiler;

import dev.haechi.detection.event.Event;

/**
 * One variant of a compiled rule: the log-source conditions a pipeline added ({@code route}) and
 * the rule's own detection, both of which must hold.
 */
public record CompiledVariant(EventPredicate route, EventPredicate detection) {
  public boolean matches(Event e) {
    return route.test(e) && detection.test(e);
  }
}
