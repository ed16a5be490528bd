package dev.haechi.resilience.risk;

import dev.haechi.core.Severity;
import dev.haechi.resilience.catalog.Catalog;
import dev.haechi.resilience.catalog.Workload;
import dev.haechi.resilience.graph.CatalogGraph;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What every risk rule reads: the catalog, its compiled graph, and the date findings hold as of.
 */
public record RiskContext(CatalogGraph graph, LocalDate asOf) {

  public Catalog catalog() {
    return graph.catalog();
  }

  /** The start of {@link #asOf()} in UTC, the instant ages of copies are measured at. */
  public Instant asOfInstant() {
    return asOf.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Grade 1 critical, 2 high, 3 medium, 4 low; ungraded medium. */
  static Severity severityForGrade(int grade) {
    return switch (grade) {
      case 1 -> Severity.CRITICAL;
      case 2 -> Severity.HIGH;
      case 4 -> Severity.LOW;
      default -> Severity.MEDIUM;
    };
  }

  /** One step less severe, never below low. */
  static Severity milder(Severity s) {
    return s.ordinal() >= Severity.LOW.ordinal()
        ? Severity.LOW
        : Severity.values()[s.ordinal() + 1];
  }

  static String gradeLabel(Workload w) {
    return w.grade() == 0 ? "ungraded" : "grade " + w.grade();
  }
}
