package dev.haechi.detection.pipeline;

import java.util.List;

/** A field-name transformation: the event field names (one or more, alternatives) for a name. */
@FunctionalInterface
public interface FieldNaming {
  List<String> names(String field);
}
