package dev.haechi.detection.engine;

import dev.haechi.detection.compiler.CompiledRule;
import dev.haechi.detection.event.Event;
import java.util.List;

/** Finds the compiled rules an event matches, in rule order. Thread-safe. */
public interface RuleMatcher {
  List<CompiledRule> matching(Event event);
}
