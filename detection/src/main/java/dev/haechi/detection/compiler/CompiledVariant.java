package dev.haechi.detection.compiler;

import dev.haechi.detection.event.Event;
import dev.haechi.detection.event.FieldAccessor;
import java.util.List;
import java.util.function.Function;

/**
 * One variant of a compiled rule: the log-source conditions a pipeline added ({@code route}), the
 * rule's own detection, both of which must hold, and how a rule field name is read in this
 * variant's events after the pipelines' mappings ({@code fields}; correlations read their {@code
 * group-by} and condition fields this way).
 */
public record CompiledVariant(
    EventPredicate route, EventPredicate detection, Function<String, List<FieldAccessor>> fields) {
  public CompiledVariant(EventPredicate route, EventPredicate detection) {
    this(route, detection, name -> List.of(dev.haechi.detection.event.EvtxField.of(name)));
  }

  public boolean matches(Event e) {
    return route.test(e) && detection.test(e);
  }
}
