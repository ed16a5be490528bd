package dev.haechi.resilience.risk;

import dev.haechi.core.Finding;
import java.util.List;

/** One finding type: reads the catalog as of a date and returns its findings, in catalog order. */
public interface RiskRule {
  /** The finding type it produces, e.g. {@code no-backup} (FORMATS.md §4). */
  String type();

  List<Finding> findings(RiskContext context);
}
