package dev.haechi.detection.rules;

import java.util.List;

/**
 * A named search identifier of a detection: a disjunction of conjunctions of detection items. A
 * YAML map is one conjunction; a list of maps is several; a list of plain values (keywords) is one
 * conjunction holding one keyword item.
 */
public record SearchIdentifier(String name, List<List<FieldCondition>> alternatives) {
  public SearchIdentifier {
    alternatives = alternatives.stream().map(List::copyOf).toList();
  }
}
